"""`mailagent eval`: scores a brain and the engine on a labelled corpus."""

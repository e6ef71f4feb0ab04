"""Small typed fakes of the services mailagent talks to, served over real sockets."""

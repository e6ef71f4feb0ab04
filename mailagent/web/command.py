"""Registers ``mailagent web [--host 127.0.0.1 --port 8080]`` on the CLI."""

from __future__ import annotations

from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    @app.command()
    def web(
        host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
        port: Annotated[int, typer.Option(help="Port to listen on.")] = 8080,
    ) -> None:
        """Serve the recruiter's page (sign-in by a mailed link) until Ctrl-C.

        Several can run behind one proxy on the same database and ``web.secret``; set
        ``web.base_url`` to the address recruiters open, for the mailed links.
        """
        import uvicorn

        from mailagent.site import open_app
        from mailagent.web.server import create_app

        built = open_app()
        try:
            base_url = built.settings.web.base_url or f"http://{host}:{port}"
            typer.echo(f"the recruiter's page: {base_url}/")
            # Mail that goes to a local file sink (the demo) is read by nobody: the link is
            # printed here too, for whoever runs the page on this machine.
            local = built.settings.smtp_url.kind == "file"
            uvicorn.run(
                create_app(built, base_url=base_url, announce=typer.echo if local else None),
                host=host,
                port=port,
                proxy_headers=True,
                log_level="info",
            )
        finally:
            built.close()

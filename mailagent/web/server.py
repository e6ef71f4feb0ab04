"""The ASGI app of the recruiter's page (Starlette), rendered with its own Jinja2 templates.

Stateless: a request reads the signed session cookie and the database, nothing else, so
several instances can run behind one proxy (give them the same ``web.secret``). Every
page but sign-in needs a session; every state-changing request is a POST whose form
carries the CSRF token of the session (or, before sign-in, of the browser's anonymous
cookie); a POST without a valid one gets 403 and changes nothing. Responses forbid
framing, scripts and referrers (a sign-in link must not leak through ``Referer``).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jinja2
from sqlalchemy.orm import Session
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from mailagent.errors import MailagentError, NotFound
from mailagent.insights.build import build_insights
from mailagent.insights.html import render_html
from mailagent.jobs.overdue import iso_week
from mailagent.jobs.publishing import publishing_report
from mailagent.models import Interview, Pipeline, ThreadKind
from mailagent.outbox.queue import deliver_now
from mailagent.web import actions, queries
from mailagent.web.security import (
    BadToken,
    Keys,
    csrf_ok,
    csrf_token,
    new_nonce,
    read_session,
    sign_session,
)
from mailagent.web.signin import (
    BadAddress,
    RateLimited,
    Viewer,
    check_link,
    redeem_link,
    request_link,
    viewer_for,
)
from mailagent.wiring import App

SESSION_COOKIE = "ma_session"
ANON_COOKIE = "ma_anon"
TEMPLATES = Path(__file__).resolve().parent / "templates"
HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}

Clock = Callable[[], datetime]
Handler = Callable[[Request], Awaitable[Response]]


def web_keys(app: App) -> Keys:
    """The page's keys: from ``web.secret``, else derived from the site's ``secret``."""
    s = app.settings
    return Keys.derive(s.web.secret or f"web:{s.secret}")


class Page:
    """The page's state for one process: the App, keys, templates and the clock."""

    def __init__(
        self,
        app: App,
        *,
        base_url: str,
        clock: Clock | None = None,
        announce: Callable[[str], None] | None = None,
    ) -> None:
        self.app = app
        self.announce = announce
        self.base_url = base_url.rstrip("/")
        self.keys = web_keys(app)
        self.clock: Clock = clock or (lambda: datetime.now(UTC))
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(TEMPLATES)),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters["when"] = lambda d: d.strftime("%Y-%m-%d %H:%M") if d else ""

    # ------------------------------------------------------------ plumbing

    def secure(self, request: Request) -> bool:
        return request.url.scheme == "https" or self.base_url.startswith("https://")

    def render(
        self,
        request: Request,
        template: str,
        *,
        viewer: Viewer | None,
        status: int = 200,
        seed: str | None = None,
        **context: Any,
    ) -> Response:
        anon = request.cookies.get(ANON_COOKIE) or ""
        new_anon = ""
        if viewer is None and seed is None:
            if not anon:
                anon = new_anon = new_nonce()
            seed = anon
        html = self.env.get_template(template).render(
            viewer=viewer,
            csrf=csrf_token(self.keys, seed or ""),
            path=request.url.path,
            **context,
        )
        response = HTMLResponse(html, status_code=status, headers=HEADERS)
        if new_anon:
            response.set_cookie(
                ANON_COOKIE,
                new_anon,
                httponly=True,
                samesite="strict",
                secure=self.secure(request),
            )
        return response

    def viewer(self, request: Request, session: Session) -> tuple[Viewer, str] | None:
        cookie = request.cookies.get(SESSION_COOKIE)
        claim = read_session(self.keys, cookie, now=self.clock()) if cookie else None
        if claim is None:
            return None
        viewer = viewer_for(session, claim.email, admins=self.app.settings.web.admins)
        return (viewer, claim.nonce) if viewer else None

    def signed_in(self, fn: Callable[[Request, Session, Viewer, str], Response]) -> Handler:
        """A page for signed-in people: anyone else gets the sign-in page."""

        async def handler(request: Request) -> Response:
            form: dict[str, str] = {}
            if request.method == "POST":
                raw = await request.form()
                form = {k: v for k, v in raw.items() if isinstance(v, str)}
            request.state.form = form

            def run() -> Response:
                with self.app.factory() as session:
                    found = self.viewer(request, session)
                    if found is None:
                        session.rollback()
                        if request.method == "POST":
                            return PlainTextResponse(
                                "sign in first", status_code=403, headers=HEADERS
                            )
                        return RedirectResponse("/signin", status_code=303, headers=HEADERS)
                    viewer, seed = found
                    if request.method == "POST" and not csrf_ok(self.keys, seed, form.get("csrf")):
                        session.rollback()
                        return PlainTextResponse(
                            "missing or wrong CSRF token: reload the page and try again",
                            status_code=403,
                            headers=HEADERS,
                        )
                    try:
                        response = fn(request, session, viewer, seed)
                        session.commit()
                        return response
                    except NotFound as exc:
                        session.rollback()
                        return self.render(
                            request,
                            "error.html.j2",
                            viewer=viewer,
                            seed=seed,
                            status=404,
                            message=str(exc),
                        )
                    except MailagentError as exc:
                        session.rollback()
                        return self.render(
                            request,
                            "error.html.j2",
                            viewer=viewer,
                            seed=seed,
                            status=409,
                            message=str(exc),
                        )

            return await run_in_threadpool(run)

        return handler


def create_app(
    app: App,
    *,
    base_url: str,
    clock: Clock | None = None,
    announce: Callable[[str], None] | None = None,
) -> Starlette:
    """The ASGI app. ``base_url`` is where recruiters open the page (for mailed links);
    ``announce`` also hears of each mailed link (``mailagent web`` passes one when the
    site's mail goes to a local file sink, as in the demo)."""
    page = Page(app, base_url=base_url, clock=clock, announce=announce)
    s = app.settings

    # ------------------------------------------------------------ sign-in

    async def signin_form(request: Request) -> Response:
        return page.render(request, "signin.html.j2", viewer=None, sent=False, error="")

    async def signin_post(request: Request) -> Response:
        form = await request.form()
        anon = request.cookies.get(ANON_COOKIE) or ""
        if not csrf_ok(page.keys, anon, _text(form.get("csrf"))):
            return PlainTextResponse(
                "missing or wrong CSRF token", status_code=403, headers=HEADERS
            )
        address = _text(form.get("email")) or ""
        ip = request.client.host if request.client else "unknown"

        def run() -> Response:
            now = page.clock()
            try:
                with app.factory() as session, session.begin():
                    mailed = request_link(
                        session,
                        app.mailer,
                        page.keys,
                        s.web,
                        address=address,
                        ip=ip,
                        base_url=page.base_url,
                        now=now,
                    )
            except BadAddress as exc:
                return page.render(
                    request, "signin.html.j2", viewer=None, status=400, sent=False, error=str(exc)
                )
            except RateLimited as exc:
                return page.render(
                    request, "signin.html.j2", viewer=None, status=429, sent=False, error=str(exc)
                )
            if mailed is not None:
                deliver_now(
                    app.factory, app.transport, mailed.outbox_id, now=now, worker=app.worker_id
                )
                if page.announce is not None:
                    page.announce(f"sign-in link for {mailed.email}: {mailed.url}")
            return page.render(request, "signin.html.j2", viewer=None, sent=True, error="")

        return await run_in_threadpool(run)

    async def signin_link(request: Request) -> Response:
        token = request.path_params["token"]
        try:
            email = check_link(page.keys, token, now=page.clock())
        except BadToken as exc:
            return page.render(
                request, "signin_refused.html.j2", viewer=None, status=400, message=str(exc)
            )
        return page.render(request, "signin_confirm.html.j2", viewer=None, email=email, token=token)

    async def signin_redeem(request: Request) -> Response:
        token = request.path_params["token"]
        form = await request.form()
        anon = request.cookies.get(ANON_COOKIE) or ""
        if not csrf_ok(page.keys, anon, _text(form.get("csrf"))):
            return PlainTextResponse(
                "missing or wrong CSRF token", status_code=403, headers=HEADERS
            )

        def run() -> Response:
            now = page.clock()
            try:
                with app.factory() as session, session.begin():
                    viewer = redeem_link(session, page.keys, token, admins=s.web.admins, now=now)
            except BadToken as exc:
                return page.render(
                    request, "signin_refused.html.j2", viewer=None, status=400, message=str(exc)
                )
            response = RedirectResponse("/", status_code=303, headers=HEADERS)
            response.set_cookie(
                SESSION_COOKIE,
                sign_session(page.keys, email=viewer.email, now=now, hours=s.web.session_hours),
                max_age=s.web.session_hours * 3600,
                httponly=True,
                samesite="strict",
                secure=page.secure(request),
            )
            return response

        return await run_in_threadpool(run)

    def signout(request: Request, session: Session, viewer: Viewer, seed: str) -> Response:
        actions.audit(session, viewer, "signed_out", "session", pipeline_id=None, now=page.clock())
        response = RedirectResponse("/signin", status_code=303, headers=HEADERS)
        response.delete_cookie(SESSION_COOKIE, httponly=True, samesite="strict")
        return response

    # ------------------------------------------------------------ pages

    def view(template: str, request: Request, viewer: Viewer, seed: str, **ctx: Any) -> Response:
        return page.render(request, template, viewer=viewer, seed=seed, **ctx)

    def attention(request: Request, session: Session, viewer: Viewer, seed: str) -> Response:
        sections = queries.attention(
            session,
            viewer,
            now=page.clock(),
            throttle_after_days=s.throttle_after_days,
            draft_days=s.web.attention_draft_days,
        )
        return view("attention.html.j2", request, viewer, seed, sections=sections)

    def escalations(request: Request, session: Session, viewer: Viewer, seed: str) -> Response:
        reviewed = request.query_params.get("reviewed") == "1"
        rows = queries.escalation_list(session, viewer, reviewed=reviewed)
        return view("escalations.html.j2", request, viewer, seed, rows=rows, reviewed=reviewed)

    def escalation(request: Request, session: Session, viewer: Viewer, seed: str) -> Response:
        row, pipeline = queries.visible_escalation(session, viewer, request.path_params["id"])
        interview = session.get(Interview, row.interview_id)
        return view(
            "escalation.html.j2",
            request,
            viewer,
            seed,
            esc=row,
            pipeline=pipeline,
            interview=interview,
            audit=queries.audit_of(session, f"escalation:{row.id}"),
        )

    def escalation_review(
        request: Request, session: Session, viewer: Viewer, seed: str
    ) -> Response:
        esc_id = request.path_params["id"]
        note = request.state.form.get("note", "")
        actions.review_escalation(session, viewer, esc_id, note=note, now=page.clock())
        return RedirectResponse(f"/escalations/{esc_id}", status_code=303, headers=HEADERS)

    def thread(request: Request, session: Session, viewer: Viewer, seed: str) -> Response:
        tv = queries.thread_view(session, viewer, request.path_params["id"])
        return view("thread.html.j2", request, viewer, seed, tv=tv)

    def message(request: Request, session: Session, viewer: Viewer, seed: str) -> Response:
        row, pipeline = queries.visible_message(session, viewer, request.path_params["id"])
        return view(
            "message.html.j2",
            request,
            viewer,
            seed,
            m=row,
            pipeline=pipeline,
            headers=queries.parsed_headers(row.raw),
            audit=queries.audit_of(session, f"message:{row.id}"),
        )

    def message_raw(request: Request, session: Session, viewer: Viewer, seed: str) -> Response:
        row, _ = queries.visible_message(session, viewer, request.path_params["id"])
        return _raw(row.raw or b"")

    def message_replay(request: Request, session: Session, viewer: Viewer, seed: str) -> Response:
        row_id = request.path_params["id"]
        actions.reopen_for_replay(session, viewer, row_id, now=page.clock())
        # The turn runs in its own transactions, as `mailagent replay` runs it.
        session.commit()
        result = app.intake().process(row_id, now=page.clock())
        return view(
            "done.html.j2",
            request,
            viewer,
            seed,
            message=f"message {row_id}: {result.value}",
            back=f"/messages/{row_id}",
        )

    def outbox(request: Request, session: Session, viewer: Viewer, seed: str) -> Response:
        row, pipeline = queries.visible_outbox(session, viewer, request.path_params["id"])
        return view(
            "outbox.html.j2",
            request,
            viewer,
            seed,
            o=row,
            pipeline=pipeline,
            audit=queries.audit_of(session, f"outbox:{row.id}"),
        )

    def outbox_raw(request: Request, session: Session, viewer: Viewer, seed: str) -> Response:
        row, _ = queries.visible_outbox(session, viewer, request.path_params["id"])
        return _raw(row.raw)

    def outbox_resolve(request: Request, session: Session, viewer: Viewer, seed: str) -> Response:
        row_id = request.path_params["id"]
        choice = request.state.form.get("outcome")
        if choice not in ("sent", "resend"):
            raise MailagentError("choose sent or resend")
        actions.settle_uncertain(session, viewer, row_id, sent=choice == "sent", now=page.clock())
        return RedirectResponse(f"/outbox/{row_id}", status_code=303, headers=HEADERS)

    def interviews(request: Request, session: Session, viewer: Viewer, seed: str) -> Response:
        q = request.query_params
        filters = {k: q.get(k) or None for k in ("pipeline", "state", "interviewer", "week")}
        result = queries.interviews_page(
            session,
            viewer,
            pipeline=filters["pipeline"],
            state=filters["state"],
            interviewer=filters["interviewer"],
            week=filters["week"],
            before=q.get("before") or None,
            now=page.clock(),
            throttle_after_days=s.throttle_after_days,
        )
        pipelines = (
            sorted(viewer.pipelines)
            if not viewer.admin
            else list(session.scalars(_all_pipeline_ids()))
        )
        return view(
            "interviews.html.j2",
            request,
            viewer,
            seed,
            page=result,
            filters=filters,
            pipelines=pipelines,
        )

    def interview(request: Request, session: Session, viewer: Viewer, seed: str) -> Response:
        row = session.get(Interview, request.path_params["id"])
        if row is None or not viewer.sees(row.pipeline_id):
            raise NotFound(f"no interview {request.path_params['id']!r}")
        threads = queries.interview_threads(session, row.id)
        feedback = [t for t in threads if t.kind is ThreadKind.FEEDBACK]
        if feedback:
            return RedirectResponse(f"/threads/{feedback[0].id}", status_code=303, headers=HEADERS)
        return view("interview.html.j2", request, viewer, seed, iv=row)

    def feedback(request: Request, session: Session, viewer: Viewer, seed: str) -> Response:
        return view(
            "feedback.html.j2", request, viewer, seed, drafts=queries.feedback_list(session, viewer)
        )

    def application(request: Request, session: Session, viewer: Viewer, seed: str) -> Response:
        av = queries.application_view(
            session, viewer, request.path_params["pipeline"], request.path_params["candidate"]
        )
        return view("application.html.j2", request, viewer, seed, av=av)

    def quarantine(request: Request, session: Session, viewer: Viewer, seed: str) -> Response:
        return view(
            "quarantine.html.j2",
            request,
            viewer,
            seed,
            rows=queries.quarantine_list(session, viewer),
        )

    def insights(request: Request, session: Session, viewer: Viewer, seed: str) -> Response:
        pipelines = [p for p in session.scalars(_all_pipelines()) if viewer.sees(p.id)]
        return view("insights.html.j2", request, viewer, seed, pipelines=pipelines)

    def insights_report(request: Request, session: Session, viewer: Viewer, seed: str) -> Response:
        pipeline = request.query_params.get("pipeline") or ""
        queries.visible_pipeline(session, viewer, pipeline)
        html = render_html(build_insights(session, pipeline=pipeline, since=None))
        return HTMLResponse(html, headers=HEADERS)

    def publishing(request: Request, session: Session, viewer: Viewer, seed: str) -> Response:
        now = page.clock()
        week = iso_week(now)
        rows = [
            r
            for r in publishing_report(
                session, week=week, now=now, after_days=s.throttle_after_days
            )
            if viewer.sees(r.pipeline)
        ]
        history = {r.pipeline: queries.r2_history(session, r.pipeline) for r in rows}
        return view(
            "publishing.html.j2", request, viewer, seed, week=week, rows=rows, history=history
        )

    g = page.signed_in
    routes = [
        Route("/", g(attention)),
        Route("/signin", signin_form, methods=["GET"]),
        Route("/signin", signin_post, methods=["POST"]),
        Route("/signin/{token}", signin_link, methods=["GET"]),
        Route("/signin/{token}", signin_redeem, methods=["POST"]),
        Route("/signout", g(signout), methods=["POST"]),
        Route("/escalations", g(escalations)),
        Route("/escalations/{id:int}", g(escalation)),
        Route("/escalations/{id:int}/review", g(escalation_review), methods=["POST"]),
        Route("/threads/{id:int}", g(thread)),
        Route("/messages/{id:int}", g(message)),
        Route("/messages/{id:int}/raw", g(message_raw)),
        Route("/messages/{id:int}/replay", g(message_replay), methods=["POST"]),
        Route("/outbox/{id:int}", g(outbox)),
        Route("/outbox/{id:int}/raw", g(outbox_raw)),
        Route("/outbox/{id:int}/resolve", g(outbox_resolve), methods=["POST"]),
        Route("/interviews", g(interviews)),
        Route("/interviews/{id}", g(interview)),
        Route("/feedback", g(feedback)),
        Route("/feedback/{pipeline}/{candidate}", g(application)),
        Route("/quarantine", g(quarantine)),
        Route("/insights", g(insights)),
        Route("/insights/report", g(insights_report)),
        Route("/publishing", g(publishing)),
    ]
    return Starlette(routes=routes)


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _raw(raw: bytes) -> Response:
    """The message as stored, as plain text that no browser runs or renders as HTML."""
    return PlainTextResponse(
        raw.decode("utf-8", errors="replace"),
        headers={**HEADERS, "Content-Security-Policy": "sandbox; default-src 'none'"},
    )


def _all_pipelines() -> Any:
    from sqlalchemy import select

    return select(Pipeline).order_by(Pipeline.id)


def _all_pipeline_ids() -> Any:
    from sqlalchemy import select

    return select(Pipeline.id).order_by(Pipeline.id)

"""The Starlette app: `/graphql` (Strawberry) and `/healthz`; the model and store are loaded in lifespan."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL

from .config import Settings
from .context import Context
from .db import make_engine
from .limits import BodyLimit
from .loaders import Loaders
from .runtime import ModelHolder
from .schema import schema
from .store import Store


class GraphQLApp(GraphQL):
    """Strawberry's ASGI app with our context: the app's store and model, fresh loaders per request."""

    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket) -> Context:
        state = request.app.state
        return Context(store=state.store, model=state.model, settings=state.settings,
                       loaders=Loaders.for_store(state.store), request=request)


def create_app(settings: Settings | None = None, model: ModelHolder | None = None) -> Starlette:
    """The service for `settings` (default: from the environment); `model` lets tests share one loaded model."""
    settings = settings or Settings.from_env()

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        app.state.settings = settings
        app.state.store = Store(await run_in_threadpool(make_engine, settings.database_url))
        app.state.model = model or await run_in_threadpool(ModelHolder.load, settings.model_path)
        gc.freeze()  # the loaded model lives as long as the service: keep the collector from walking it again and again
        try:
            yield
        finally:
            app.state.store.engine.dispose()

    async def healthz(request: Request) -> JSONResponse:
        state = request.app.state
        return JSONResponse({"status": "ok", "model": state.model.manifest.get("sha256"),
                             "read_only": state.settings.token is None})

    graphql = GraphQLApp(schema, graphql_ide=None if settings.production else "graphiql",
                         allow_queries_via_get=False)  # mutations and big queries only by POST
    return Starlette(
        routes=[Route("/graphql", graphql, methods=["GET", "POST"]), Route("/healthz", healthz)],
        middleware=[Middleware(BodyLimit, max_bytes=settings.max_body_bytes)],
        lifespan=lifespan,
    )

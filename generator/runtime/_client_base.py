"""What `Client` and `AsyncClient` are besides their model methods: the SDK client
underneath, its credentials, and starting a job.

Each model's module defines its methods on a `ModelMethods` (`AsyncModelMethods`)
subclass; `Client` (`AsyncClient`) combines them all with `ClientBase`
(`AsyncClientBase`), which implements `_start`. scenario-sdk is imported when a client is
made, so `import scenario_models` and its validators work without it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from ._calls import prepare
from ._jobs import AsyncJob, Job, job_details
from ._methods import AsyncModelMethods, ModelMethods
from ._transfers import AsyncSession, Session, Transfers
from ._uploads import plan_uploads, upload, upload_async

if TYPE_CHECKING:
    from types import TracebackType

    from scenario_sdk import AsyncScenario, Scenario

    from ._methods import FileParameter
    from ._registry import Validator
    from ._transfers import ProgressCallback

_Client = TypeVar("_Client", bound="ClientBase")
_AsyncClient = TypeVar("_AsyncClient", bound="AsyncClientBase")
_NO_SDK = "scenario_models.Client needs scenario-sdk: pip install 'scenario-sdk>=2.4,<3'"
KEY_VARIABLE = "SCENARIO_SDK_API_KEY"
SECRET_VARIABLE = "SCENARIO_SDK_API_SECRET"


class MissingCredentials(ValueError):
    """A client was made with no API credentials, from its arguments or the environment."""


def check_credentials(sdk: Scenario | AsyncScenario, client: str) -> None:
    """Refuse a client the API would refuse at its first request: neither a key and a
    secret, nor a bearer token (`SCENARIO_SDK_JWT`), nor an `Authorization` header."""
    if (sdk.api_key and sdk.api_secret) or sdk.bearer_auth:
        return
    if "Authorization" in sdk.default_headers:  # spelled as the SDK looks it up
        return
    missing = [
        variable
        for variable, value in ((KEY_VARIABLE, sdk.api_key), (SECRET_VARIABLE, sdk.api_secret))
        if not value
    ]
    raise MissingCredentials(
        f"{client} has no Scenario API credentials: pass api_key= and api_secret=, or set "
        f"the environment variables {KEY_VARIABLE} and {SECRET_VARIABLE} "
        f"({' and '.join(missing)} {'is' if len(missing) == 1 else 'are'} not set)"
    )


class ClientBase(ModelMethods):
    """Credentials default to the SDK's environment variables `SCENARIO_SDK_API_KEY` and
    `SCENARIO_SDK_API_SECRET` (HTTP Basic auth), and the base URL to `SCENARIO_BASE_URL`
    or the public API; a client with no credentials raises `MissingCredentials`.
    `transfers` sets how files move (`Transfers`), `on_upload_progress` gets a `Progress`
    as local files go up. Other keyword options (`max_retries`, `timeout`,
    `default_headers`, `http_client`, ...) go to `scenario_sdk.Scenario`; `project_id` is
    sent with every request.
    """

    def __init__(
        self,
        api_key: str | None = None,
        api_secret: str | None = None,
        base_url: str | None = None,
        *,
        project_id: str | None = None,
        transfers: Transfers | None = None,
        on_upload_progress: ProgressCallback | None = None,
        **options: Any,
    ) -> None:
        # Imported here, not at module level: the validators must work without the SDK.
        try:
            from scenario_sdk import Scenario, omit
        except ImportError as exc:
            raise ImportError(_NO_SDK) from exc

        sdk = Scenario(api_key=api_key, api_secret=api_secret, base_url=base_url, **options)
        check_credentials(sdk, "Client")
        self._sdk = sdk
        self._session = Session(
            sdk,
            omit if project_id is None else project_id,
            transfers or Transfers(),
            on_upload_progress,
        )

    @property
    def sdk(self) -> Scenario:
        """The `scenario_sdk.Scenario` client underneath, for the rest of the API."""
        return self._sdk

    def close(self) -> None:
        self._session.close()
        self._sdk.close()

    def __enter__(self: _Client) -> _Client:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def _start(
        self,
        model_id: str,
        validate: Validator,
        arguments: dict[str, Any],
        files: Mapping[str, FileParameter] | None = None,
    ) -> Job:
        session = self._session
        call = prepare(model_id, validate, arguments, files)
        asset_ids = upload(session, plan_uploads(call, files, session.transfers))
        response = self._sdk.generate.run_model(
            model_id,
            # The payload goes as extra_body, which the SDK sends as it is: its body
            # transform would rename top-level keys such as `project_id`.
            body={},
            extra_body=call.with_asset_ids(asset_ids),
            project_id=session.project_id,
        )
        return Job(session, job_details(response))


class AsyncClientBase(AsyncModelMethods):
    """`ClientBase` for asyncio, over `scenario_sdk.AsyncScenario`."""

    def __init__(
        self,
        api_key: str | None = None,
        api_secret: str | None = None,
        base_url: str | None = None,
        *,
        project_id: str | None = None,
        transfers: Transfers | None = None,
        on_upload_progress: ProgressCallback | None = None,
        **options: Any,
    ) -> None:
        # Imported here, not at module level: the validators must work without the SDK.
        try:
            from scenario_sdk import AsyncScenario, omit
        except ImportError as exc:
            raise ImportError(_NO_SDK) from exc

        sdk = AsyncScenario(api_key=api_key, api_secret=api_secret, base_url=base_url, **options)
        check_credentials(sdk, "AsyncClient")
        self._sdk = sdk
        self._session = AsyncSession(
            sdk,
            omit if project_id is None else project_id,
            transfers or Transfers(),
            on_upload_progress,
        )

    @property
    def sdk(self) -> AsyncScenario:
        """The `scenario_sdk.AsyncScenario` underneath, for the rest of the API."""
        return self._sdk

    async def close(self) -> None:
        await self._session.close()
        await self._sdk.close()

    async def __aenter__(self: _AsyncClient) -> _AsyncClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.close()

    async def _start(
        self,
        model_id: str,
        validate: Validator,
        arguments: dict[str, Any],
        files: Mapping[str, FileParameter] | None = None,
    ) -> AsyncJob:
        import asyncio  # here: importing asyncio costs plain sync users ~10 ms

        session = self._session
        call = prepare(model_id, validate, arguments, files)
        planned = await asyncio.to_thread(plan_uploads, call, files, session.transfers)
        asset_ids = await upload_async(session, planned)
        response = await self._sdk.generate.run_model(
            model_id,
            # The payload goes as extra_body, which the SDK sends as it is: its body
            # transform would rename top-level keys such as `project_id`.
            body={},
            extra_body=call.with_asset_ids(asset_ids),
            project_id=session.project_id,
        )
        return AsyncJob(session, job_details(response))

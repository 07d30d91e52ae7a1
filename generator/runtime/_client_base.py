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

from ._calls import prepare, read_files
from ._jobs import AsyncJob, Job, job_details

if TYPE_CHECKING:
    from types import TracebackType

    from scenario_sdk import AsyncScenario, Omit, Scenario

    from ._calls import FileParameter, LocalFile
    from ._registry import Validator

_Client = TypeVar("_Client", bound="ClientBase")
_AsyncClient = TypeVar("_AsyncClient", bound="AsyncClientBase")
_NO_SDK = "scenario_models.Client needs scenario-sdk: pip install 'scenario-sdk>=2.4,<3'"


class ModelMethods:
    """The base of a model's methods: they check their arguments and start a job."""

    def _start(
        self,
        model_id: str,
        validate: Validator,
        arguments: dict[str, Any],
        files: Mapping[str, FileParameter] | None = None,
    ) -> Job:
        raise NotImplementedError  # ClientBase implements it


class AsyncModelMethods:
    """The base of a model's async methods."""

    async def _start(
        self,
        model_id: str,
        validate: Validator,
        arguments: dict[str, Any],
        files: Mapping[str, FileParameter] | None = None,
    ) -> AsyncJob:
        raise NotImplementedError  # AsyncClientBase implements it


class ClientBase(ModelMethods):
    """Credentials default to the SDK's environment variables `SCENARIO_SDK_API_KEY` and
    `SCENARIO_SDK_API_SECRET` (HTTP Basic auth), and the base URL to `SCENARIO_BASE_URL`
    or the public API. Other keyword options (`max_retries`, `timeout`,
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
        **options: Any,
    ) -> None:
        # Imported here, not at module level: the validators must work without the SDK.
        try:
            from scenario_sdk import Scenario, omit
        except ImportError as exc:
            raise ImportError(_NO_SDK) from exc

        self._sdk = Scenario(api_key=api_key, api_secret=api_secret, base_url=base_url, **options)
        self._project_id: str | Omit = omit if project_id is None else project_id

    @property
    def sdk(self) -> Scenario:
        """The `scenario_sdk.Scenario` client underneath, for the rest of the API."""
        return self._sdk

    def close(self) -> None:
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
        call = prepare(model_id, validate, arguments, files)
        asset_ids = {file.key: self._upload(file) for file in read_files(call.paths)}
        response = self._sdk.generate.run_model(
            model_id,
            # The payload goes as extra_body, which the SDK sends as it is: its body
            # transform would rename top-level keys such as `project_id`.
            body={},
            extra_body=call.with_asset_ids(asset_ids),
            project_id=self._project_id,
        )
        return Job(self._sdk, job_details(response), self._project_id)

    def _upload(self, file: LocalFile) -> str:
        response = self._sdk.assets.upload(
            name=file.name, image=file.image_base64, project_id=self._project_id
        )
        return response.asset.id


class AsyncClientBase(AsyncModelMethods):
    """`ClientBase` for asyncio, over `scenario_sdk.AsyncScenario`."""

    def __init__(
        self,
        api_key: str | None = None,
        api_secret: str | None = None,
        base_url: str | None = None,
        *,
        project_id: str | None = None,
        **options: Any,
    ) -> None:
        # Imported here, not at module level: the validators must work without the SDK.
        try:
            from scenario_sdk import AsyncScenario, omit
        except ImportError as exc:
            raise ImportError(_NO_SDK) from exc

        self._sdk = AsyncScenario(
            api_key=api_key, api_secret=api_secret, base_url=base_url, **options
        )
        self._project_id: str | Omit = omit if project_id is None else project_id

    @property
    def sdk(self) -> AsyncScenario:
        """The `scenario_sdk.AsyncScenario` underneath, for the rest of the API."""
        return self._sdk

    async def close(self) -> None:
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

        call = prepare(model_id, validate, arguments, files)
        local = await asyncio.to_thread(read_files, call.paths) if call.paths else []
        ids = await asyncio.gather(*(self._upload(file) for file in local))
        response = await self._sdk.generate.run_model(
            model_id,
            # The payload goes as extra_body, which the SDK sends as it is: its body
            # transform would rename top-level keys such as `project_id`.
            body={},
            extra_body=call.with_asset_ids(
                {file.key: asset_id for file, asset_id in zip(local, ids, strict=True)}
            ),
            project_id=self._project_id,
        )
        return AsyncJob(self._sdk, job_details(response), self._project_id)

    async def _upload(self, file: LocalFile) -> str:
        response = await self._sdk.assets.upload(
            name=file.name, image=file.image_base64, project_id=self._project_id
        )
        return response.asset.id

"""What a local file is: its content type and the kind of asset it makes, from its name.

Python's `mimetypes` knows images, audio and video, but not 3D meshes (`.glb`, `.fbx`,
`.usdz`, ...) and it maps `.obj` to a Windows object file; `FILE_TYPES` names those first.
Only `mimetypes`' built-in tables are read, never the machine's `/etc/mime.types`, so a
file gets the same type on every machine. `LocalFile` gives a file's kind or type
explicitly where the name says nothing.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mimetypes import MimeTypes

OCTET_STREAM = "application/octet-stream"

FILE_TYPES: Mapping[str, tuple[str, str]] = {
    # 3D meshes and scenes
    ".glb": ("model/gltf-binary", "3d"),
    ".gltf": ("model/gltf+json", "3d"),
    ".obj": ("model/obj", "3d"),
    ".mtl": ("model/mtl", "3d"),
    ".fbx": (OCTET_STREAM, "3d"),
    ".stl": ("model/stl", "3d"),
    ".3mf": ("model/3mf", "3d"),
    ".ply": (OCTET_STREAM, "3d"),
    ".dae": ("model/vnd.collada+xml", "3d"),
    ".usdz": ("model/vnd.usdz+zip", "3d"),
    ".usd": (OCTET_STREAM, "3d"),
    ".usda": ("model/vnd.usda", "3d"),
    ".usdc": (OCTET_STREAM, "3d"),
    ".abc": (OCTET_STREAM, "3d"),
    ".blend": (OCTET_STREAM, "3d"),
    ".splat": (OCTET_STREAM, "3d"),
    ".spz": (OCTET_STREAM, "3d"),
    # Images, including high dynamic range ones
    ".png": ("image/png", "image"),
    ".jpg": ("image/jpeg", "image"),
    ".jpeg": ("image/jpeg", "image"),
    ".webp": ("image/webp", "image"),
    ".avif": ("image/avif", "image"),
    ".heic": ("image/heic", "image"),
    ".heif": ("image/heif", "image"),
    ".hdr": ("image/vnd.radiance", "image-hdr"),
    ".exr": ("image/x-exr", "image-hdr"),
    # Audio and video that some Python versions do not know
    ".flac": ("audio/flac", "audio"),
    ".m4a": ("audio/mp4", "audio"),
    ".ogg": ("audio/ogg", "audio"),
    ".oga": ("audio/ogg", "audio"),
    ".mp4": ("video/mp4", "video"),
    ".mkv": ("video/x-matroska", "video"),
    ".m4v": ("video/mp4", "video"),
    # Text
    ".md": ("text/markdown", "text"),
}
"""File name suffix (lower case) -> (content type, asset kind), read before `mimetypes`;
the first suffix of a content type is the extension a download of that type gets."""

ASSET_KINDS = ("3d", "audio", "document", "image", "image-hdr", "json", "text", "video")
"""The kinds of asset the API knows (`x-scenario-kind` of a file argument)."""

UPLOAD_KINDS: Mapping[str, str] = {
    "3d": "3d",
    "audio": "audio",
    "image": "image",
    "text": "text",
    "video": "video",
    # No upload kind of their own: the generic one, which keeps the file as an asset.
    "document": "asset",
    "image-hdr": "asset",
    "json": "asset",
}
"""Asset kind -> the `kind` of `uploads.create` (whose kinds are fewer)."""
GENERIC_UPLOAD_KIND = "asset"
KINDS = frozenset(ASSET_KINDS) | {"asset", "avatar", "model"}
"""What a `LocalFile` may name: an asset kind, or an upload kind of `uploads.create`."""

_KIND_OF_MEDIA_TYPE: Mapping[str, str] = {
    "image": "image",
    "audio": "audio",
    "video": "video",
    "model": "3d",
    "text": "text",
}
_KIND_OF_CONTENT_TYPE: Mapping[str, str] = {
    "application/json": "json",
    "application/pdf": "document",
    "application/msword": "document",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "document",
}


@dataclass(frozen=True)
class LocalFile:
    """A local file to upload, with what its name does not say: pass it wherever a
    method takes a file (`model=LocalFile("scan.bin", kind="3d")`).

    `kind` is the asset kind (`3d`, `audio`, `document`, `image`, `image-hdr`, `json`,
    `text`, `video`) or an upload kind of `uploads.create`; `content_type` its MIME type.
    Either, when given, wins over what the file's name and the model's schema suggest.
    """

    path: str | os.PathLike[str]
    kind: str | None = None
    content_type: str | None = None

    def __post_init__(self) -> None:
        if self.kind is not None and self.kind not in KINDS:
            known = ", ".join(sorted(KINDS))
            raise ValueError(
                f"LocalFile({os.fspath(self.path)!r}): kind {self.kind!r} is none of {known}"
            )

    def __fspath__(self) -> str:
        return os.fspath(self.path)


@dataclass(frozen=True)
class FileType:
    content_type: str
    kind: str | None
    """The asset kind, None when nothing tells."""


def file_type(path: str | os.PathLike[str]) -> FileType:
    """The content type of a file and the asset kind it suggests, from its name, or from
    the content type a `LocalFile` gives."""
    if isinstance(path, LocalFile) and path.content_type:
        return FileType(path.content_type, kind_of_content_type(path.content_type))
    suffix = Path(os.fspath(path)).suffix.lower()
    known = FILE_TYPES.get(suffix)
    if known is not None:
        return FileType(*known)
    content_type = _mime_types().guess_type("file" + suffix)[0] or OCTET_STREAM
    return FileType(content_type, kind_of_content_type(content_type))


def kind_of_content_type(content_type: str) -> str | None:
    """The asset kind a content type makes, None for an opaque one."""
    bare = content_type.split(";")[0].strip().lower()
    if bare in ("image/vnd.radiance", "image/x-exr"):
        return "image-hdr"
    found = _KIND_OF_CONTENT_TYPE.get(bare)
    return found or _KIND_OF_MEDIA_TYPE.get(bare.split("/")[0])


def upload_kind(kind: str | None) -> str:
    """The `kind` to give `uploads.create` for an asset kind (or an upload kind)."""
    if kind is None:
        return GENERIC_UPLOAD_KIND
    return UPLOAD_KINDS.get(kind, kind)


def extension(content_type: str, url_path: str = "") -> str:
    """The file name extension of a downloaded asset: from its content type, else from
    its URL's path, else `.bin`."""
    bare = content_type.split(";")[0].strip().lower()
    for suffix, (known, _) in FILE_TYPES.items():
        if known == bare and known != OCTET_STREAM:
            return suffix
    guessed = _mime_types().guess_extension(bare) if bare != OCTET_STREAM else None
    if guessed:
        return guessed
    suffix = Path(url_path).suffix.lower()
    if 1 < len(suffix) <= 10 and suffix[1:].isalnum() and suffix[1:].isascii():
        return suffix
    return ".bin"


_types: MimeTypes | None = None


def _mime_types() -> MimeTypes:
    """`mimetypes`' built-in tables only: a fresh `MimeTypes` reads no system file."""
    global _types
    if _types is None:
        import mimetypes  # here: only a call with a local file needs its tables

        _types = mimetypes.MimeTypes()
    return _types

"""The canonical conversation model every format decodes into.

Frozen dataclasses with slots: decoding a large archive builds millions of them, and nothing
downstream may change a decoded message in place.

Two fields exist only so that nothing is lost:

* ``extra`` holds the keys of the raw object that the decoder did not turn into a field. The
  format that decoded it writes them back on encode, which is what makes a round trip exact.
  Other formats ignore them, because the keys mean nothing there.
* ``blob`` holds provider-issued opaque data (a signature, encrypted reasoning, an ``rs_`` id,
  ``reasoning_details``). It is bound to its issuer: only a request to the same provider, API
  and model may carry it.

Mappings inside these objects are the raw JSON, shared rather than copied: treat them as
read-only.
"""

from __future__ import annotations

import dataclasses
import json
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from json.encoder import c_make_encoder, encode_basestring  # type: ignore[attr-defined]
from typing import Any, Literal, TypeVar

from translate.errors import TranslateError
from translate.models import model_key, same_model

Role = Literal["system", "user", "assistant", "tool"]
Extra = Mapping[str, Any] | None


T = TypeVar("T")

# The plain-function constructor of every quick_init class (see ``constructor``).
_CONSTRUCTORS: dict[type, Callable[..., Any]] = {}


def quick_init(cls: type[T]) -> type[T]:
    """Make a slots dataclass cheap to build, frozen ones above all.

    A frozen dataclass cannot store its fields with plain assignments: its generated
    ``__init__`` goes around its own ``__setattr__`` with ``object.__setattr__``, one call per
    field, and that made building the canonical objects cost more than parsing their JSON.

    * Calling the class runs an ``__init__`` that sets each slot through its member descriptor
      (about 40% faster than the generated one).
    * ``constructor(cls)`` is cheaper still, for the paths that build millions of objects: a
      plain function that fills an instance of a twin class with the same slots, where
      ``self.field = value`` is an ordinary fast store, then gives it its real class (allowed,
      as the layouts are the same). A mutable class needs no twin: it is filled directly.

    Either way the object is the same: assignment after construction raises
    FrozenInstanceError, and eq, hash, repr, pickling and ``dataclasses.replace`` are the
    dataclass ones.
    """
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    names = tuple(f.name for f in fields)
    assert names == tuple(cls.__slots__), cls  # type: ignore[attr-defined]
    frozen = cls.__dataclass_params__.frozen  # type: ignore[attr-defined]
    namespace: dict[str, Any] = {"_cls": cls, "_new": object.__new__}
    params, sets, stores = [], [], []
    for f in fields:
        assert f.init and f.default_factory is dataclasses.MISSING, (cls, f.name)
        namespace[f"_set_{f.name}"] = cls.__dict__[f.name].__set__
        if f.default is dataclasses.MISSING:
            params.append(f.name)
        else:
            namespace[f"_default_{f.name}"] = f.default
            params.append(f"{f.name}=_default_{f.name}")
        sets.append(f"    _set_{f.name}(self, {f.name})\n")
        stores.append(f"    self.{f.name} = {f.name}\n")
    signature = ", ".join(params)
    if frozen:
        namespace["_twin"] = type(f"_{cls.__name__}Slots", (), {"__slots__": names})
        make = "    self = _twin()\n" + "".join(stores) + "    self.__class__ = _cls\n"
    else:
        make = "    self = _new(_cls)\n" + "".join(stores)
    source = (
        f"def __init__(self, {signature}):\n"
        + "".join(sets)
        + f"def make({signature}):\n"
        + make
        + "    return self\n"
    )
    exec(source, namespace)  # noqa: S102 - constructors built from the class's own fields
    if frozen:
        init = namespace["__init__"]
        init.__qualname__ = f"{cls.__qualname__}.__init__"
        cls.__init__ = init  # type: ignore[method-assign]
    make_fn = namespace["make"]
    make_fn.__qualname__ = make_fn.__name__ = f"make_{cls.__name__}"
    _CONSTRUCTORS[cls] = make_fn
    return cls


def constructor(cls: type[T]) -> Callable[..., T]:
    """``cls``'s constructor as a plain function, for the paths that build millions of objects.

    It takes the same arguments and returns the same object as calling the class, without
    what calling a class costs (``type.__call__`` and the repacked arguments) or the per-field
    descriptor calls a frozen ``__init__`` needs: building a seven-field Message costs about
    half as much. Only for quick_init classes (see there).
    """
    return _CONSTRUCTORS[cls]


@quick_init
@dataclass(frozen=True, slots=True)
class Origin:
    """Who produced a message: provider, wire format and model.

    Origins whose models are an alias and its snapshot are equal (see translate.models).
    """

    provider: str
    format: str
    model: str

    def __eq__(self, other: object) -> bool:
        # Compared for every part of every message: identity first, as origins are interned.
        if self is other:
            return True
        if other.__class__ is not Origin:
            return NotImplemented
        return (
            self.provider == other.provider
            and self.format == other.format
            and same_model(self.model, other.model)
        )

    def __hash__(self) -> int:
        # Consistent with __eq__: an alias and its snapshot are one model (translate.models).
        return hash((self.provider, self.format, model_key(self.model)))


# (provider, format, model) -> the shared Origin. The decoders, which need one per record,
# look here first and call origin_of only for a new one.
ORIGINS: dict[tuple[str, str, str], Origin] = {}


def origin_of(provider: str, fmt: str, model: str) -> Origin:
    """The shared Origin for these values, so equal origins are usually the same object."""
    key = (provider, fmt, model)
    origin = ORIGINS.get(key)
    if origin is None:
        if len(ORIGINS) >= 10_000:  # bounded: models are few, but input is untrusted
            ORIGINS.clear()
        origin = ORIGINS[key] = Origin(provider, fmt, model)
    return origin


@quick_init
@dataclass(frozen=True, slots=True)
class Opaque:
    """Provider-issued data that only its issuer can verify.

    ``issuer.format`` is the issuing API (``anthropic-messages``, ``openai-responses``,
    ``gemini``, ``openai-chat``), even when the blob was stored inside another format such as
    an AI SDK UIMessage. ``carrier`` says how ``value`` is spelled: the issuing API's own form,
    or ``ai-sdk-ui`` for a ``providerMetadata`` entry stored under ``key``.
    """

    issuer: Origin
    value: Any
    carrier: str
    key: str = ""


@quick_init
@dataclass(frozen=True, slots=True)
class Text:
    text: str
    blob: Opaque | None = None
    extra: Extra = None


@quick_init
@dataclass(frozen=True, slots=True)
class Reasoning:
    """Model reasoning: visible text (possibly a summary), redacted, or only encrypted."""

    text: str
    summary: bool = False
    redacted: bool = False
    blob: Opaque | None = None
    extra: Extra = None


@quick_init
@dataclass(frozen=True, slots=True)
class ToolCall:
    """A call the model asked for.

    ``arguments`` is kept as the source had it: a JSON string (OpenAI formats) or an object
    (Anthropic, Gemini, AI SDK). Use :func:`arguments_text` / :func:`arguments_object`.
    """

    id: str
    name: str
    arguments: Any
    blob: Opaque | None = None
    extra: Extra = None


@quick_init
@dataclass(frozen=True, slots=True)
class ToolResult:
    """The result of a call.

    ``content`` is a string, a tuple of parts (text, files) or, for structured outputs such as
    a Gemini ``functionResponse.response``, the JSON value itself.
    """

    call_id: str
    content: Any
    is_error: bool = False
    name: str = ""
    extra: Extra = None


@quick_init
@dataclass(frozen=True, slots=True)
class File:
    """An image, document or other file.

    The content is inline base64 ``data``, a ``url`` (possibly a ``data:`` URL), a provider
    ``file_id``, or, for text documents that carry it inline, ``text``. A file with none of
    these (an export that lists only a name) can be shown but not sent.
    """

    media_type: str = ""
    url: str = ""
    data: str = ""
    text: str = ""
    filename: str = ""
    file_id: str = ""
    blob: Opaque | None = None
    extra: Extra = None


@quick_init
@dataclass(frozen=True, slots=True)
class Source:
    """A cited source (AI SDK ``source-url``/``source-document``): shown by apps, never sent."""

    url: str = ""
    title: str = ""
    media_type: str = ""
    filename: str = ""
    source_id: str = ""
    extra: Extra = None


@quick_init
@dataclass(frozen=True, slots=True)
class Data:
    """App data (AI SDK ``data-*`` parts): shown by apps, never sent to a model."""

    name: str
    data: Any
    extra: Extra = None


@quick_init
@dataclass(frozen=True, slots=True)
class Unknown:
    """Anything a decoder does not understand, kept verbatim and shown as raw JSON."""

    raw: Any
    label: str = ""


Part = Text | Reasoning | ToolCall | ToolResult | File | Source | Data | Unknown


@quick_init
@dataclass(frozen=True, slots=True)
class Envelope:
    """How a raw wrapped its messages (a response, a choice, a request body, a list).

    ``rest`` is private to the format that decoded it: what it needs to rebuild the raw,
    usually the raw wrapper itself (shared, not copied), into which encode puts the
    re-encoded messages.
    """

    shape: str
    rest: Mapping[str, Any] | None = None


@quick_init
@dataclass(frozen=True, slots=True)
class Message:
    role: Role
    parts: tuple[Part, ...]
    origin: Origin
    hidden: bool = False
    extra: Extra = None
    # A format-private hint for exact re-encoding, e.g. "text" when the content was a string.
    layout: str = ""
    envelope: Envelope | None = None


def arguments_text(call: ToolCall) -> str:
    """The call's arguments as a JSON string (the source's own string when it had one)."""
    args = call.arguments
    if isinstance(args, str):
        return args
    return dumps(args)


def arguments_object(call: ToolCall) -> dict[str, Any] | None:
    """The call's arguments as an object, or None when they are not a JSON object."""
    args = call.arguments
    if isinstance(args, dict):
        return args
    if isinstance(args, str):
        if args[:1] == "{":
            # The usual case, an object with nothing around it: the C scanner json.loads ends
            # in, without the Python layers around it. Anything else takes the full path.
            try:
                value, end = _scan_json(args, 0)
            except (StopIteration, ValueError, RecursionError):
                pass
            else:
                if end == len(args):
                    return value
        if not args.strip():
            return {}
        try:
            value = json.loads(args)
        except (ValueError, RecursionError):
            return None
        return value if isinstance(value, dict) else None
    return None


# The C scanner json.loads ends in (measured fast path above); typeshed does not declare it.
_scan_json = json.JSONDecoder().scan_once  # type: ignore[attr-defined]


# One encoder for every call: json.dumps with a non-default option builds a new one each time.
_JSON = json.JSONEncoder(ensure_ascii=False)
_per_thread = threading.local()


def _encode(value: Any) -> str:
    """``_JSON.encode(value)``, minus the C encoder it builds for every call (most of the cost
    of encoding the small objects tool arguments are): each thread keeps one, and clears its
    circular-reference markers if an encode stops midway.
    """
    if value.__class__ is str or c_make_encoder is None:
        return _JSON.encode(value)
    try:
        markers, encoder = _per_thread.encoder
    except AttributeError:
        markers = {}
        encoder = c_make_encoder(
            markers,
            _JSON.default,
            encode_basestring,
            _JSON.indent,
            _JSON.key_separator,
            _JSON.item_separator,
            _JSON.sort_keys,
            _JSON.skipkeys,
            _JSON.allow_nan,
        )
        _per_thread.encoder = markers, encoder
    try:
        return "".join(encoder(value, 0))
    except BaseException:
        markers.clear()
        raise


def dumps(value: Any) -> str:
    """Compact JSON for a value taken from a raw message, as a TranslateError when it cannot be."""
    try:
        return _encode(value)
    except RecursionError:
        raise TranslateError("", "a value is nested too deeply to serialise") from None
    except (TypeError, ValueError) as error:
        raise TranslateError("", f"a value is not JSON: {error}") from None


def result_text(result: ToolResult) -> str:
    """A tool result as plain text, for targets and search that want a string."""
    content = result.content
    if isinstance(content, str):
        return content
    if isinstance(content, tuple):
        return "\n".join(p.text for p in content if isinstance(p, Text))
    # Structured outputs that merely wrap a string (Gemini's {"output": ...}) read as that string.
    if isinstance(content, dict) and len(content) == 1:
        inner = content.get("output", content.get("error"))
        if isinstance(inner, str):
            return inner
    return dumps(content)


_URL_SAFE = str.maketrans("-_", "+/")


def standard_base64(data: str) -> str:
    """``data`` in standard base64. Some SDKs (google-genai) store URL-safe base64, which
    Protobuf JSON readers (Gemini) accept but Anthropic and OpenAI base64 fields do not.
    """
    if "-" in data or "_" in data:
        return data.translate(_URL_SAFE)
    return data


# What the decoders and the translator build for every message, as plain functions (see
# ``constructor``): the same objects as calling the classes, for about half the cost.
new_opaque = constructor(Opaque)
new_text = constructor(Text)
new_reasoning = constructor(Reasoning)
new_tool_call = constructor(ToolCall)
new_tool_result = constructor(ToolResult)
new_file = constructor(File)
new_unknown = constructor(Unknown)
new_envelope = constructor(Envelope)
new_message = constructor(Message)

"""Decode stored LLM messages and translate conversations into any provider's request.

Pure functions, no I/O. See the "Translation" section of the README for the policy.
"""

from translate.canonical import (
    Data,
    Envelope,
    File,
    Message,
    Opaque,
    Origin,
    Part,
    Reasoning,
    Role,
    Source,
    Text,
    ToolCall,
    ToolResult,
    Unknown,
    arguments_object,
    arguments_text,
    result_text,
)
from translate.decoding import decode
from translate.errors import TranslateError
from translate.formats import ENCODABLE_FORMATS, FORMATS
from translate.index import IndexEntry, index_entry
from translate.records import Record, Target
from translate.report import Report, ReportEntry
from translate.translator import DEFAULT_MODELS, VIEWS, resolve_target, translate

__all__ = [
    "DEFAULT_MODELS",
    "ENCODABLE_FORMATS",
    "FORMATS",
    "VIEWS",
    "Data",
    "Envelope",
    "File",
    "IndexEntry",
    "Message",
    "Opaque",
    "Origin",
    "Part",
    "Reasoning",
    "Record",
    "Report",
    "ReportEntry",
    "Role",
    "Source",
    "Target",
    "Text",
    "ToolCall",
    "ToolResult",
    "TranslateError",
    "Unknown",
    "arguments_object",
    "arguments_text",
    "decode",
    "index_entry",
    "resolve_target",
    "result_text",
    "translate",
]

"""Record.files: kept file bytes fill the parts that name them, within each API's limits."""

from __future__ import annotations

import base64

from tests.cli.helpers import fixture
from tests.cli.test_import_attachments import GENERATED, UPLOAD, _with_images
from tests.translate.schemas import strings_in, validate_payload
from translate import VIEWS, File, Record, translate
from translate.file_limits import MB


def _user_node() -> dict:
    conversation = _with_images(fixture("chatgpt_export_2023_subset.json")[0])
    return next(
        n
        for n in conversation["mapping"].values()
        if n.get("message") and n["message"]["author"]["role"] == "user"
    )


def _image(data: bytes, file_id: str, name: str = "cat.png") -> File:
    encoded = base64.b64encode(data).decode("ascii")
    return File("image/png", data=encoded, filename=name, extra={"id": file_id, "size": len(data)})


def _record(*files: File) -> Record:
    return Record(_user_node(), "chatgpt-export", "openai", "gpt-4", files=files)


def test_a_kept_file_fills_the_pointer_that_names_it_and_others_join_the_message():
    cat, pdf = b"\x89PNG\r\n\x1a\n" + b"c" * 50, b"%PDF-1.4 hello"
    document = File(
        "application/pdf",
        data=base64.b64encode(pdf).decode(),
        filename="paper.pdf",
        extra={"id": "file-PdfPdfPdfPdfPdfPdfPdf0001", "size": len(pdf)},
    )
    record = _record(_image(cat, UPLOAD), document)

    payload, report = translate([record], VIEWS["anthropic"])

    validate_payload(payload, VIEWS["anthropic"])
    [message] = payload["messages"]
    kinds = [(b["type"], b.get("source", {}).get("data")) for b in message["content"]]
    assert kinds[0] == ("image", base64.b64encode(cat).decode())  # in the pointer's place
    assert kinds[-1] == ("document", base64.b64encode(pdf).decode())  # appended
    # The two pointers no kept file names are still reported as before.
    reasons = [e.reason for e in report.entries if e.kind == "file"]
    assert len(reasons) == 2 and all("source's own storage" in r for r in reasons)


def test_without_files_a_record_translates_as_before():
    bare = translate([Record(_user_node(), "chatgpt-export", "openai", "gpt-4")], VIEWS["gemini"])
    assert bare == translate([_record()], VIEWS["gemini"])


def test_over_the_per_file_limit_is_dropped_and_said():
    big = b"\x89PNG" + b"x" * (4 * MB)  # 5.3 MB in base64
    payload, report = translate([_record(_image(big, UPLOAD))], VIEWS["anthropic"])
    assert base64.b64encode(big).decode() not in strings_in(payload)
    assert any("over Anthropic's 5.0 MB limit for an image" in e.reason for e in report.entries)
    payload, report = translate([_record(_image(big, UPLOAD))], VIEWS["gemini"])
    assert base64.b64encode(big).decode() in strings_in(payload)


def test_the_request_limit_keeps_the_first_files_and_names_the_rest():
    # 3 MB is 4 MB in base64: within Anthropic's 5 MB per image, and eight of them fill its
    # 32 MB request, so the ninth is left out.
    images = [
        File(
            "image/png",
            data=base64.b64encode(bytes([i]) * (3 * MB)).decode(),
            filename=f"shot{i}.png",
            extra={"id": f"file-Shot{i}Shot{i}Shot{i}Shot{i}", "size": 3 * MB},
        )
        for i in range(9)
    ]
    payload, report = translate([_record(*images)], VIEWS["anthropic"])
    validate_payload(payload, VIEWS["anthropic"])
    reasons = [e.reason for e in report.entries if "request within" in e.reason]
    assert reasons == [
        "shot8.png (4.0 MB in base64) is left out to keep the request within Anthropic's "
        "32.0 MB limit for inline files"
    ]


def test_a_withheld_file_says_why_it_is_missing():
    withheld = File(
        "image/png", filename="huge.png", extra={"id": GENERATED, "size": 40 * MB, "withheld": True}
    )
    payload, report = translate([_record(withheld)], VIEWS["openai-responses"])
    validate_payload(payload, VIEWS["openai-responses"])
    assert any(
        e.reason == "huge.png is 53.3 MB in base64, over OpenAI's 20.0 MB limit for an image"
        for e in report.entries
    ), report.entries

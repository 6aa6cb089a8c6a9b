"""`threadkeep continue ID --as PROVIDER [MESSAGE | -]` and `threadkeep new --as PROVIDER`:
send a message, stream the reply to stdout (reasoning to stderr), store both.

Building the parser imports nothing heavy; the sending package, and later the provider's
SDK, load only when a message is actually sent.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from tui.cli.output import CommandError, is_terminal

if TYPE_CHECKING:
    from store import Store, StoredMessage

_PROVIDERS = "anthropic, openai (Responses), openai-chat, gemini, deepseek, openrouter, "
_PROVIDERS += "ollama, lmstudio, vllm, or a [providers.NAME] from the config file"


def add_parsers(sub: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    cont = sub.add_parser(
        "continue",
        parents=[parent],
        help="send a message in a conversation to any provider and store the reply",
        description="Translate the conversation for PROVIDER, send it with MESSAGE, stream "
        "the reply to stdout and store both messages as the provider produced them.",
    )
    cont.add_argument("id", metavar="ID", help="a conversation id, or a unique prefix of one")
    _common(cont)
    cont.set_defaults(run=run_continue)

    new = sub.add_parser(
        "new",
        parents=[parent],
        help="start a conversation on a provider",
        description="Send MESSAGE to PROVIDER as a new conversation, stream the reply to "
        "stdout and store both messages.",
    )
    _common(new)
    new.set_defaults(run=run_new)


def _intermixed(parser: argparse.ArgumentParser) -> None:
    """Let MESSAGE follow the options (`continue ID --as X "text"`): plain argparse gives
    the optional positional its empty match before the options, then refuses the text."""
    plain = parser.parse_known_args
    mixing = False

    def parse_known_args(args: Any = None, namespace: Any = None) -> Any:
        nonlocal mixing
        if mixing:  # parse_known_intermixed_args calls back in here
            return plain(args, namespace)
        mixing = True
        try:
            return parser.parse_known_intermixed_args(args, namespace)
        finally:
            mixing = False

    # The subcommand action calls parser.parse_known_args; this instance's own wins.
    vars(parser)["parse_known_args"] = parse_known_args


def _common(parser: argparse.ArgumentParser) -> None:
    _intermixed(parser)
    parser.add_argument("--as", dest="provider", required=True, metavar="PROVIDER", help=_PROVIDERS)
    parser.add_argument(
        "--model",
        help="the model (default: the one this conversation last used on PROVIDER, "
        "else [providers.PROVIDER] model, else the provider's default)",
    )
    parser.add_argument(
        "--reasoning",
        choices=("auto", "text", "drop"),
        default="auto",
        help="what happens to reasoning that cannot be replayed natively (default auto)",
    )
    parser.add_argument("--timeout", type=float, help="seconds to wait for the reply")
    parser.add_argument("--json", action="store_true", help="print the stored records as JSON")
    parser.add_argument(
        "message", metavar="MESSAGE", nargs="?", help="the message; - or none reads stdin"
    )


def run_continue(store: Store, args: argparse.Namespace) -> int:
    return _send(store, args, store.resolve_id(args.id))


def run_new(store: Store, args: argparse.Namespace) -> int:
    return _send(store, args, None)


def _message(args: argparse.Namespace) -> str:
    if args.message not in (None, "-"):
        return str(args.message)
    if args.message is None and is_terminal(sys.stdin):
        raise CommandError("no message: give MESSAGE, or - and pipe it on stdin")
    return sys.stdin.read()


def _send(store: Store, args: argparse.Namespace, cid: Any) -> int:
    from store.sanitise import strip
    from store.sending import Cancelled, Done, Failed, ReasoningDelta, Send, TextDelta, ToolCall

    text = _message(args)
    send = Send(
        store,
        args.provider,
        text,
        conversation_id=cid,
        model=args.model,
        reasoning=args.reasoning,
        timeout=args.timeout,
    )
    out, err = sys.stdout, sys.stderr
    wrote = False
    # Reasoning streams to stderr; it ends its line before anything else is said.
    thinking = False
    try:
        for event in send.events():
            if thinking and not isinstance(event, ReasoningDelta):
                err.write("\n")
                thinking = False
            if args.json:
                pass
            elif isinstance(event, TextDelta):
                out.write(strip(event.text))
                out.flush()
                wrote = True
            elif isinstance(event, ReasoningDelta):
                err.write(strip(event.text))
                err.flush()
                thinking = True
            elif isinstance(event, ToolCall):
                err.write(strip(f"\n[tool call {event.name}({event.arguments})]\n"))
            if isinstance(event, Failed):
                if wrote:
                    out.write("\n")
                raise CommandError(f"{event.error}; nothing was stored")
            if isinstance(event, Cancelled):
                raise CommandError("cancelled; nothing was stored")
            if isinstance(event, Done):
                _finish(event, args.json, wrote)
    except KeyboardInterrupt:
        send.cancel()
        if wrote:
            out.write("\n")
        print("threadkeep: cancelled; nothing was stored", file=err)
        return 130
    return 0


def _finish(done: Any, as_json: bool, wrote: bool) -> None:
    from store.sanitise import json_text

    if as_json:
        record = {
            "conversation_id": str(done.reply.conversation_id),
            "user": _record(done.user),
            "reply": _record(done.reply),
        }
        print(json_text(record))
        return
    if wrote:
        sys.stdout.write("\n")
    sys.stdout.flush()
    # Where the reply went, for the next `threadkeep continue`.
    print(f"conversation {done.reply.conversation_id}", file=sys.stderr)


def _record(message: StoredMessage) -> dict[str, Any]:
    from store.export import message_record

    return {"id": str(message.id), **message_record(message)}

"""A stored conversation as a provider's request: the store's one call into translate."""

from __future__ import annotations

import uuid

from store.attached_files import AttachedFiles
from store.errors import UnknownView, UntranslatableConversation
from store.messages import Messages
from store.records import Translation
from store.views import ORIGINAL, VIEW_NAMES, is_reasoning_mode
from translate import Record, Target, TranslateError, resolve_target
from translate import translate as translate_records


class Translating(Messages, AttachedFiles):
    def load_conversation(
        self,
        conversation_id: uuid.UUID | str,
        target: str | Target = ORIGINAL,
        *,
        reasoning: str = "auto",
    ) -> Translation:
        """The conversation as the request `target` would receive it, with the report.

        `target` is a view name (`original`, or one of `translate.VIEWS`: openai-responses,
        openai-chat, anthropic, gemini, deepseek, ai-sdk) or a `translate.Target`. A view
        without a model continues with the model the conversation last used on that
        provider, so its own reasoning replays natively. `original` returns the raw
        messages untranslated. Stored image, PDF and text attachments go in as the target's
        file parts (base64), within its size limits; the report names what is left out.
        """
        if isinstance(target, str) and target not in VIEW_NAMES:
            raise UnknownView(
                f"unknown view {target[:40]!r}; expected one of {', '.join(VIEW_NAMES)}"
            )
        if not is_reasoning_mode(reasoning):
            raise UnknownView(
                f"unknown reasoning mode {str(reasoning)[:20]!r}; expected auto, text or drop"
            )
        messages = tuple(self.load_messages(conversation_id))
        if target == ORIGINAL:
            return Translation(ORIGINAL, None, [m.raw for m in messages], None, messages)
        records = [Record(m.raw, m.format, m.provider, m.model, role=m.role) for m in messages]
        try:
            resolved = resolve_target(target, records) if isinstance(target, str) else target
            files = self.translation_files(conversation_id, resolved)
            if files:
                records = [
                    Record(
                        m.raw, m.format, m.provider, m.model, files=files.get(m.id, ()), role=m.role
                    )
                    for m in messages
                ]
            payload, report = translate_records(records, resolved, reasoning=reasoning)
        except TranslateError as exc:
            raise UntranslatableConversation(
                f"conversation {conversation_id} cannot be translated: {exc}"
            ) from None
        view = target if isinstance(target, str) else resolved.format
        return Translation(view, resolved, payload, report, messages)

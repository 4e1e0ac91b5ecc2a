"""Optional rewrite of a one-pager through an OpenAI-compatible chat-completions endpoint.

Off unless the deployment configures a base URL (on-premise model servers such as vLLM or
Ollama expose ``POST {base_url}/chat/completions``); the product works fully without it. This
is the only module in ``planning`` that touches the network, and only when called.

Safety rule: the model gets every section as a numbered list of sentences and must return the
same number of sentences per section; a rewritten sentence is accepted only if it keeps every
number of the original (figures come from the data and must not change). Rejected sections
keep their original sentences. Accepted sentences are marked ``llm`` and keep the original
text in ``Sentence.original``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from typing import Any

import httpx

from axpartners.errors import AxError, InputError
from axpartners.planning.onepager import OnePager, OnePagerSection
from axpartners.planning.provenance import Sentence, Source

NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
SYSTEM_PROMPT = (
    "당신은 부산테크노파크의 사업 기획 담당자입니다. 주어진 사업 개요서 문장을 공공기관 보고서에 "
    "맞는 간결하고 자연스러운 한국어로 다듬으세요. 숫자, 기관명, 정책명은 그대로 두고 새로운 사실을 "
    "추가하지 마세요. 각 섹션의 문장 수를 유지하고, 입력과 같은 JSON 형식 "
    '{"sections": [{"key": ..., "sentences": [...]}]} 으로만 답하세요.'
)


@dataclass(frozen=True, slots=True)
class RefineResult:
    onepager: OnePager
    refined: tuple[str, ...]  # section keys rewritten
    rejected: tuple[str, ...]  # section keys kept as they were (shape or numbers changed)


def _numbers(text: str) -> list[str]:
    return sorted(n.replace(",", "") for n in NUMBER.findall(text))


def _payload(onepager: OnePager) -> str:
    return json.dumps(
        {
            "title": onepager.title,
            "sections": [
                {"key": s.key, "heading": s.heading, "sentences": [x.text for x in s.sentences]}
                for s in onepager.sections
            ],
        },
        ensure_ascii=False,
    )


def _parse_content(content: str) -> dict[str, list[str]]:
    text = content.strip()
    fenced = re.search(r"```(?:json)?\s*(.*?)```", text, flags=re.DOTALL)
    if fenced:
        text = fenced.group(1)
    data = json.loads(text)
    out: dict[str, list[str]] = {}
    for section in data.get("sections", []):
        key, sentences = section.get("key"), section.get("sentences")
        if isinstance(key, str) and isinstance(sentences, list):
            out[key] = [str(s) for s in sentences]
    return out


def refine_onepager(
    onepager: OnePager,
    *,
    base_url: str,
    model: str,
    api_key: str | None = None,
    timeout: float = 60.0,
    temperature: float = 0.2,
) -> RefineResult:
    """Rewrite the brief's sentences with the model at ``base_url`` (see the module docstring).

    Raises:
        InputError ``planning.llm_bad_url``: the URL is not http(s).
        AxError ``planning.llm_failed``: connection, HTTP status, timeout or unreadable reply;
            the caller keeps the template text.
    """
    if not base_url.startswith(("http://", "https://")):
        raise InputError("planning.llm_bad_url", base_url=base_url)
    url = base_url.rstrip("/") + "/chat/completions"
    headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
    body: dict[str, Any] = {
        "model": model,
        "temperature": temperature,
        "messages": [
            {"role": "system", "content": SYSTEM_PROMPT},
            {"role": "user", "content": _payload(onepager)},
        ],
    }
    try:
        # trust_env=False: no proxy or .netrc from the environment (the core reads no env);
        # the endpoint is usually an on-premise server reached directly.
        with httpx.Client(timeout=timeout, trust_env=False) as client:
            response = client.post(url, json=body, headers=headers)
        response.raise_for_status()
        content = response.json()["choices"][0]["message"]["content"]
        rewritten = _parse_content(str(content))
    except httpx.HTTPError as exc:
        raise AxError("planning.llm_failed", base_url=base_url, detail=type(exc).__name__) from exc
    except (ValueError, KeyError, IndexError, TypeError, AttributeError) as exc:
        raise AxError("planning.llm_failed", base_url=base_url, detail="bad reply") from exc

    sections: list[OnePagerSection] = []
    refined: list[str] = []
    rejected: list[str] = []
    for section in onepager.sections:
        new_texts = rewritten.get(section.key)
        if new_texts is None or not _is_faithful(section.sentences, new_texts):
            rejected.append(section.key)
            sections.append(section)
            continue
        refined.append(section.key)
        sentences = tuple(
            Sentence(text.strip(), Source.LLM, original=old.original or old.text)
            for old, text in zip(section.sentences, new_texts, strict=True)
        )
        sections.append(replace(section, sentences=sentences))
    return RefineResult(
        onepager=replace(onepager, sections=tuple(sections)),
        refined=tuple(refined),
        rejected=tuple(rejected),
    )


def _is_faithful(old: tuple[Sentence, ...], new: list[str]) -> bool:
    """Same number of sentences, none empty, and each keeps exactly the original's numbers."""
    if len(old) != len(new):
        return False
    return all(
        text.strip() and _numbers(text) == _numbers(sentence.text)
        for sentence, text in zip(old, new, strict=True)
    )

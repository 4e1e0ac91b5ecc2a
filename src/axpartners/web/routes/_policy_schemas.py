"""Response models of the policy API (their names and fields are the OpenAPI contract)."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict

from axpartners.db.tables import PolicyDocument, PolicyItem
from axpartners.services import policy as service
from axpartners.services.policy_alignment import Alignment

# Scores leave the API rounded to 4 decimals.
Rounded = Annotated[float, AfterValidator(lambda v: round(v, 4))]


class TagOut(BaseModel):
    kind: str
    value: str
    evidence: dict[str, Any]


class DocumentOut(BaseModel):
    id: int
    title: str
    filename: str
    format: str
    sha256: str
    pages: int | None
    year: int | None
    items: int
    warnings: list[str]
    pages_without_text: list[int]
    uploaded_at: str
    uploaded_by: str | None

    @classmethod
    def of(cls, doc: PolicyDocument, *, items: int | None = None) -> DocumentOut:
        return cls(
            id=doc.id,
            title=doc.title,
            filename=doc.filename,
            format=doc.format,
            sha256=doc.sha256,
            pages=doc.pages,
            year=doc.year,
            items=len(doc.items) if items is None else items,
            warnings=service.warning_codes(doc),
            pages_without_text=service.ocr_pages(doc),
            uploaded_at=doc.uploaded_at.isoformat(),
            uploaded_by=doc.uploaded_by,
        )


class ItemOut(BaseModel):
    id: int
    document_id: int
    document_title: str
    position: int
    item_no: str
    path: str
    level: int
    title: str
    text: str
    page: int | None
    tags: list[TagOut]
    score: float | None = None

    @classmethod
    def of(cls, item: PolicyItem, *, score: float | None = None) -> ItemOut:
        return cls(
            id=item.id,
            document_id=item.document_id,
            document_title=item.document.title,
            position=item.position,
            item_no=item.item_no,
            path=item.path,
            level=item.level,
            title=item.title,
            text=item.text,
            page=item.page,
            tags=[TagOut.model_validate(t) for t in item.tags or ()],
            score=None if score is None else round(score, 4),
        )


class DocumentDetailOut(DocumentOut):
    item_list: list[ItemOut]


class NeedLinkOut(BaseModel):
    id: int
    ref: str
    title: str
    label: str | None
    region: str | None
    score: float
    text_score: float
    label_match: bool


class PartnerLinkOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    partner_id: str
    name: str
    score: Rounded
    reasons: list[str]


class StrengthLinkOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    industry: str
    kind: str
    via: str
    rca: Rounded
    rank: int | None
    score: Rounded | None


class AlignmentOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    region: str
    use_cases: list[str]
    industries: list[str]
    needs: list[NeedLinkOut]
    partners: list[PartnerLinkOut]
    strengths: list[StrengthLinkOut]
    strengths_available: bool
    strengths_source: str
    strengths_synthetic: bool


class ItemDetailOut(ItemOut):
    alignment: AlignmentOut

    @classmethod
    def of_alignment(cls, alignment: Alignment, *, region: str) -> ItemDetailOut:
        needs = [
            NeedLinkOut(
                id=link.need.id,
                ref=link.need.ref,
                title=link.need.title,
                label=link.need.label,
                region=link.need.region,
                score=link.score,
                text_score=link.text_score,
                label_match=link.label_match,
            )
            for link in alignment.needs
        ]
        out = AlignmentOut.model_validate(
            {
                "region": region,
                "use_cases": list(alignment.use_cases),
                "industries": list(alignment.industries),
                "needs": needs,
                "partners": [PartnerLinkOut.model_validate(m) for m in alignment.partners],
                "strengths": [StrengthLinkOut.model_validate(s) for s in alignment.strengths],
                "strengths_available": alignment.strengths_available,
                "strengths_source": alignment.strengths_source,
                "strengths_synthetic": alignment.strengths_synthetic,
            }
        )
        return cls(**ItemOut.of(alignment.item).model_dump(), alignment=out)

"""Small curated dictionaries for policy tagging: industry short names and use-case filters.

Ministries and regional governments are in ``data/agencies.csv`` (:mod:`axpartners.policy.agencies`).
Industry short names map everyday words (조선, 자동차, 항만 …) to KSIC 11th-revision divisions
(통계청 한국표준산업분류 제11차); full division names are read from ``data/ksic11_codes.csv``.
"""

from __future__ import annotations

INDUSTRY_SHORT_NAMES: dict[str, str] = {
    "농업": "01", "스마트팜": "01", "수산": "03", "어업": "03", "양식": "03",
    "식품": "10", "식료품": "10", "수산가공": "10", "음료": "11",
    "섬유": "13", "의류": "14", "패션": "14", "신발": "15", "가죽": "15",
    "제지": "17", "종이": "17", "인쇄": "18", "석유화학": "20", "정유": "19",
    "화학": "20", "화장품": "20", "의약품": "21", "제약": "21", "바이오": "21",
    "고무": "22", "플라스틱": "22", "유리": "23", "시멘트": "23", "세라믹": "23",
    "철강": "24", "비철금속": "24", "주조": "24", "금속가공": "25", "금형": "25",
    "용접": "25", "도금": "25", "뿌리산업": "25", "반도체": "26", "디스플레이": "26",
    "전자부품": "26", "통신장비": "26", "의료기기": "27", "정밀기기": "27", "광학": "27",
    "전기장비": "28", "이차전지": "28", "배터리": "28", "전력기기": "28",
    "기계": "29", "공작기계": "29", "산업용 로봇": "29", "로봇산업": "29",
    "자동차": "30", "자동차부품": "30", "미래차": "30", "전기차": "30", "모빌리티": "30",
    "조선": "31", "조선해양": "31", "선박": "31", "조선기자재": "31", "항공": "31",
    "항공우주": "31", "철도차량": "31", "방산": "31", "가구": "32",
    "전력": "35", "에너지": "35", "수소": "35", "풍력": "35", "태양광": "35",
    "건설": "41", "해운": "50", "항공운송": "51", "항만": "52", "물류": "52",
    "소프트웨어": "58", "게임": "58", "콘텐츠": "59", "통신": "61",
    "데이터센터": "63", "클라우드": "63", "플랫폼": "63", "금융": "64", "핀테크": "64",
    "연구개발": "70", "관광": "75", "의료": "86", "헬스케어": "86",
}  # fmt: skip
"""Short industry word → KSIC division (2 digits)."""

USE_CASE_SHORT_TERMS: frozenset[str] = frozenset(
    {"물류", "항만", "부두", "화물", "선박", "하역", "선적", "통관", "배차", "피킹", "재고", "탄소",
     "로봇", "수율", "납기", "센서", "육안", "크랙", "결함", "마모", "누유", "공조", "발주", "결품"}
)  # fmt: skip
"""Two-syllable taxonomy synonyms specific enough to tag policy text; other two-syllable
synonyms (계획, 일정, 시간, 품질, 개발 …) are written for need statements and are too common in
government documents."""

USE_CASE_GENERIC_TERMS: frozenset[str] = frozenset(
    {"시스템", "작업자", "근로자", "데이터", "사용량", "대기시간", "우선순위", "시나리오", "레이아웃",
     "콘텐츠", "홈페이지", "이메일", "스케줄", "기반구축", "사무직원", "반복업무", "비용절감", "연구개발",
     "신제품", "시제품", "사람구하기", "배치마다", "일정하지", "들쭉날쭉", "손으로집계", "what-if",
     "실시간", "디지털화", "고령화", "인건비", "고객관리", "판매량", "수출입", "외국인인력",
     # R&D and design words name research funding in policy prose, not generative design.
     "r&d", "신제품개발", "제품개발", "개발기간", "개발비용", "소재", "신소재", "소재개발",
     "물성", "성분", "조합", "실험", "사양", "design", "material", "shape", "prototype",
     "productdevelopment", "계획수립", "보고서", "회의록"}
)  # fmt: skip
"""Longer synonyms that in policy documents mostly appear outside the use-case meaning."""

AI_CONTEXT = (
    r"AI|인공지능|디지털|데이터|자동화|스마트|지능형|로봇|알고리즘|머신|딥러닝|빅데이터|클라우드|LLM"
    r"|생성형|트윈|센서|IoT|비전|예지|소프트웨어|SW|플랫폼|DX|AX|PdM|MES|ERP"
)
"""A use-case (AI field) tag needs one of these in its item or its task title: government prose
mentions 보고서, 계획 수립 and 물류 without any AI application."""

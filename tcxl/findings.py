"""Findings: typed records with a stable code, a severity and a cell (SPEC §3).

Codes are grouped: TCX0xx file, TCX1xx structure, TCX2xx formulas, TCX3xx arithmetic,
TCX4xx across sheets, TCX5xx inputs, TCX6xx registration data. :data:`CODES` is the
registry (default severity and a short pt-BR title); messages say what is wrong and what
to do, ``expected``/``found`` carry the stored form.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

ERROR, WARNING, INFO = "error", "warning", "info"

CODES: dict[str, tuple[str, str]] = {
    "TCX001": (ERROR, "arquivo ilegível"),
    "TCX002": (ERROR, "formato .xls antigo"),
    "TCX003": (ERROR, "não é uma planilha .xlsx"),
    "TCX004": (ERROR, "planilha protegida por senha"),
    "TCX005": (ERROR, "aba ausente"),
    "TCX006": (ERROR, "arquivo grande demais (expande além do limite)"),
    "TCX007": (INFO, "versão do modelo diferente da atual"),
    "TCX008": (INFO, "resultados das fórmulas nunca calculados"),
    "TCX009": (ERROR, "XML perigoso recusado (entidades/DTD)"),
    "TCX010": (WARNING, "conteúdo além dos limites de linhas/colunas ignorado"),
    "TCX011": (ERROR, "vínculo com outra pasta de trabalho"),
    "TCX012": (ERROR, "texto acima do limite do Excel"),
    "TCX013": (ERROR, "planilha com macros"),
    "TCX101": (ERROR, "tabela não encontrada"),
    "TCX102": (ERROR, "cabeçalho não encontrado"),
    "TCX103": (ERROR, "linha de conta não encontrada"),
    "TCX104": (ERROR, "código de atividade duplicado"),
    "TCX105": (ERROR, "código de atividade malformado"),
    "TCX106": (WARNING, "atividade fora do bloco do seu resultado"),
    "TCX107": (ERROR, "número de anos diferente entre as tabelas"),
    "TCX201": (ERROR, "valor fixo ou célula vazia onde deveria haver fórmula"),
    "TCX202": (ERROR, "fórmula não cobre todas as linhas do seu bloco"),
    "TCX203": (ERROR, "fórmula aponta para células erradas"),
    "TCX204": (ERROR, "valor de erro (#REF!, #DIV/0!, #VALUE!, #NAME?)"),
    "TCX205": (WARNING, "percentual sem proteção contra divisão por zero"),
    "TCX206": (WARNING, "linha sem as fórmulas da linha (linha inserida); o tcxl calcula os valores"),
    "TCX207": (INFO, "fórmula não conferida (usa o que o tcxl não calcula)"),
    "TCX301": (ERROR, "total diferente da soma das partes"),
    "TCX302": (ERROR, "Total Triênio diferente da soma dos anos"),
    "TCX303": (ERROR, "% diferente de Executado/Previsão"),
    "TCX304": (ERROR, "resumo do desembolso diferente dos blocos"),
    "TCX305": (ERROR, "% de custos indiretos diferente de 3 / TOTAL GERAL"),
    "TCX306": (ERROR, "total de indicador diferente da regra de agregação"),
    "TCX401": (WARNING, "atividade em um cronograma e não no outro"),
    "TCX402": (WARNING, "atividade fora da Matriz de Planejamento (ou só nela)"),
    "TCX403": (WARNING, "total do desembolso diferente do TOTAL GERAL"),
    "TCX404": (WARNING, "TOTAL GERAL diferente do Valor total do Projeto (B.2.2)"),
    "TCX405": (WARNING, "custos indiretos (bloco) diferentes da conta 3"),
    "TCX501": (WARNING, "valor em R$ digitado como texto"),
    "TCX502": (ERROR, "texto que não é número em célula numérica"),
    "TCX503": (ERROR, "valor negativo"),
    "TCX504": (WARNING, "Executado sem Previsto"),
    "TCX505": (WARNING, "Executado maior que o Previsto"),
    "TCX506": (INFO, "Realizado em semestre não previsto ou ainda não iniciado"),
    "TCX507": (ERROR, "marca inválida no cronograma"),
    "TCX508": (WARNING, "valor de entrada calculado por fórmula que o tcxl não calcula"),
    "TCX601": (ERROR, "CNPJ inválido"),
    "TCX602": (ERROR, "CNES inválido"),
    "TCX603": (ERROR, "CEP inválido"),
    "TCX604": (ERROR, "e-mail inválido"),
    "TCX605": (ERROR, "data inválida"),
    "TCX606": (ERROR, "período ou data incoerente"),
    "TCX607": (WARNING, "cadastro incompleto numa planilha com valores"),
}


@dataclass(frozen=True)
class Finding:
    code: str
    severity: str
    sheet: str
    cell: str
    message: str
    expected: str = ""
    found: str = ""

    def to_dict(self) -> dict[str, str]:
        return asdict(self)

    def line(self, path: str = "") -> str:
        """``PATH:SHEET!CELL: severity CODE message (expected …, found …)`` (SPEC §5); control
        characters escaped, so a cell's text can never forge a second line."""
        where = f"{self.sheet}!{self.cell}" if self.cell else self.sheet
        where = ":".join(p for p in (path, where) if p)
        extra = ", ".join(f"{k} {v}" for k, v in (("esperado", self.expected), ("encontrado", self.found)) if v)
        text = f"{where}: {SEVERITY_WORDS[self.severity]} {self.code} {self.message}" + (f" ({extra})" if extra else "")
        return text.translate(_CONTROLS)

    def __str__(self) -> str:
        return self.line()


# C0 controls (and DEL, and the Unicode line/paragraph separators) shown escaped: \n, \r, \x1b, …
_CONTROLS = {c: repr(chr(c))[1:-1] for c in [*range(32), 127, 0x2028, 0x2029]}
SEVERITY_WORDS = {ERROR: "erro", WARNING: "aviso", INFO: "info"}  # the text report is pt-BR; JSON keeps the codes
MAX_MESSAGE, MAX_VALUE = 600, 300  # characters: a hostile formula or text never makes a giant line


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def finding(
    code: str, sheet: str, cell: str, message: str, expected: str = "", found: str = "", severity: str | None = None
) -> Finding:
    """A finding with the code's default severity unless one is given; its texts bounded."""
    return Finding(
        code,
        severity or CODES[code][0],
        sheet[:40],
        cell[:40],
        _cut(message, MAX_MESSAGE),
        _cut(expected, MAX_VALUE),
        _cut(found, MAX_VALUE),
    )

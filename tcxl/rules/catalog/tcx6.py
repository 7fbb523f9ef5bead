"""Rules of group registration data (TCX6xx): the Identificação sheet (SPEC §3).

Data only: see :mod:`tcxl.rules`. ``value`` is the cell's content as typed.
"""

from ...findings import ERROR, INFO, WARNING  # noqa: F401
from .. import Rule

RULES = [
    Rule(
        "TCX601",
        ERROR,
        "CNPJ inválido",
        message="CNPJ inválido: {value} (dígitos verificadores não conferem); confira o número no cartão CNPJ",
        explanation="Os dois últimos dígitos do CNPJ são calculados a partir dos outros: se não conferem, o "
        "número tem um dígito trocado ou a menos e não identifica a entidade. Vale também para o CNPJ "
        "alfanumérico.",
        wrong="CNPJ: 11.222.333/0001-80",
        right="CNPJ: 11.222.333/0001-81",
        fix="Copie o CNPJ do cartão CNPJ da entidade (site da Receita Federal) para a célula ao lado de "
        "'CNPJ:' na aba Identificação, com ou sem pontuação.",
    ),
    Rule(
        "TCX602",
        ERROR,
        "CNES inválido",
        message="CNES inválido: {value} (deve ter 7 dígitos)",
        explanation="O código CNES do estabelecimento tem sempre 7 dígitos. Um número mais curto costuma ter "
        "perdido os zeros à esquerda ao ser digitado como número.",
        wrong="CNES: 20774 (digitado como número; o Excel tirou os zeros)",
        right="CNES: 0020774 (digitado como texto)",
        fix="Digite o CNES com os 7 dígitos numa célula formatada como Texto (ou comece com um apóstrofo: "
        "'0020774), conferindo o número no CNES.",
    ),
    Rule(
        "TCX603",
        ERROR,
        "CEP inválido",
        message="CEP inválido: {value} (use 00000-000)",
        explanation="O CEP tem 8 dígitos. Um CEP mais curto costuma ter perdido o zero inicial ao ser "
        "digitado como número.",
        wrong="CEP: 1419-001",
        right="CEP: 01419-001",
        fix="Digite o CEP completo no formato 00000-000, numa célula formatada como Texto.",
    ),
    Rule(
        "TCX604",
        ERROR,
        "e-mail inválido",
        message="e-mail inválido: {value}",
        explanation="O e-mail da entidade ou do responsável pelas informações não é um endereço válido pela regra "
        "do padrão HTML (nome@domínio): faltou o @, há espaço, vírgula, letra acentuada ou outro caractere que "
        "não vale num e-mail, ou uma parte do domínio começa ou termina com hífen ou passa de 63 caracteres. "
        "Sem ele, não há como contatar quem preencheu a planilha.",
        wrong="E-mail: proadi.hospitalexemplo.org.br",
        right="E-mail: proadi@hospitalexemplo.org.br",
        fix="Corrija o endereço na célula ao lado de 'E-mail:' na aba Identificação; um só endereço por "
        "célula, sem espaços.",
    ),
    Rule(
        "TCX605",
        ERROR,
        "data inválida",
        message="data inválida: {value!r} (use dd/mm/aaaa)",
        explanation="Uma data da aba Identificação (reconhecimento de excelência, período de execução, Data "
        "do responsável) não é uma data: um texto que não se lê como dia/mês/ano ou um dia que não existe. "
        "Sem ela o tcxl não sabe quando o projeto começa nem a que momento o relatório se refere.",
        wrong="2.3. Período de execução: 32/13/2025",
        right="2.3. Período de execução: 01/01/2025 (célula com formato de data)",
        fix="Digite a data como dd/mm/aaaa numa célula com formato de data (Formatar células > Data) e "
        "confira que o Excel a alinhou à direita, como faz com datas.",
    ),
    Rule(
        "TCX606",
        ERROR,
        "período ou data incoerente",
        # three sentences that share no words: the start after the end, a period longer than the
        # year columns, an excellence recognition in the future
        message="{texto}",
        explanation="As datas da aba Identificação não combinam entre si ou com as tabelas: o término do "
        "período de execução antes do início, um período mais longo que os anos das tabelas (as colunas Ano "
        "I, Ano II, …) ou um reconhecimento de excelência com data futura.",
        wrong="2.3. Período de execução: 01/01/2025 | 31/12/2024",
        right="2.3. Período de execução: 01/01/2025 | 31/12/2027",
        fix="Corrija a data citada (em geral um ano digitado errado). Se o projeto é mesmo mais longo, use uma "
        "planilha com o número de anos certo (tcxl build-template com mais anos).",
    ),
    Rule(
        "TCX607",
        WARNING,
        "cadastro incompleto numa planilha com valores",
        message="{label}: vazio numa planilha que já tem valores; preencha o cadastro do projeto",
        explanation="A planilha já tem valores em R$, mas falta um dado de cadastro que a identifica (título, "
        "valor total, período de execução, nome, CNPJ ou CNES da entidade). Sem ele não se sabe de que "
        "projeto são os valores. Um modelo em branco não é acusado.",
        wrong="2.1. Título do Projeto: (vazio), com valores no Cronograma de Desembolso",
        right="2.1. Título do Projeto: Qualificação da Rede de Cuidados Paliativos no SUS",
        fix="Preencha o campo citado na aba Identificação, na célula ao lado do rótulo.",
    ),
]

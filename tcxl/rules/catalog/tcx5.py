"""Rules of group inputs (TCX5xx): typed amounts and marks (SPEC §3).

Data only: see :mod:`tcxl.rules`.
"""

from ...findings import ERROR, INFO, WARNING  # noqa: F401
from .. import Rule

RULES = [
    Rule(
        "TCX501",
        WARNING,
        "valor em R$ digitado como texto",
        message="valor digitado como texto ('{raw}'); lido como {value}, mas o Excel e o LibreOffice deixam "
        "texto fora das somas: redigite-o como número",
        explanation="Um valor em R$ foi digitado como texto: com 'R$' e pontos digitados, com um apóstrofo no "
        "início, ou colado de outro sistema. O tcxl o lê como o número que ele mostra, mas o Excel e o "
        "LibreOffice deixam texto fora de SOMA: os totais que a planilha mostra ficam menores do que deveriam.",
        wrong="Cronograma de Desembolso, A1.1, Ano I, Executado: 'R$ 12.500,00' (texto, alinhado à esquerda)",
        right="12500 (um número; o formato da célula já o mostra como R$ 12.500,00)",
        fix="- Clique na célula e digite só o número (12500 ou 12500,00), sem 'R$', sem apóstrofo e sem "
        "espaços.\n"
        "- Com muitas células, use Localizar e substituir para apagar o 'R$ ' e confira que os valores passam "
        "a ficar alinhados à direita.\n"
        "- Confira que os totais mudaram.",
        text_in_number=True,
    ),
    Rule(
        "TCX502",
        ERROR,
        "texto que não é número em célula numérica",
        # typed: the text quoted, or "a data dd/mm/aaaa"; problem: "não é um" or "é grande demais para um"
        message="{typed} {problem} valor em R$; digite o número (ex.: 1234,56) ou deixe a célula vazia",
        explanation="Uma célula de valor em R$ tem algo que não é número: uma palavra, uma anotação, uma data, "
        "ou um número grande demais para ser um valor. O tcxl não consegue lê-la e a conta como vazia; o Excel "
        "também a deixa fora das somas, e os totais ficam errados.",
        wrong="Cronograma de Desembolso, A1.1, Ano I, Executado: 'cento e dez' (ou 'a definir', ou 15/03/2025)",
        right="110 (ou a célula vazia, se o valor ainda não é conhecido)",
        fix="Digite o valor como número (ex.: 1234,56) ou apague o conteúdo da célula. Anotações vão num "
        "comentário da célula (botão direito > Novo comentário), nunca no lugar do valor.",
        text_in_number=True,
    ),
    Rule(
        "TCX503",
        ERROR,
        "valor negativo",
        message="valor negativo ({value}) em {item}; valores em R$ devem ser ≥ 0",
        explanation="Os valores em R$ do modelo (Previsto, Previsão e Executado) são quantias gastas ou a "
        "gastar e nunca ficam abaixo de zero. Um valor negativo costuma ser um estorno ou uma correção "
        "lançada como subtração, e reduz os totais sem que ninguém perceba.",
        wrong="Cronograma de Desembolso, A1.1, Ano I (R$), Executado: -5.000,00 (estorno de um pagamento)",
        right="A1.1, Ano I (R$), Executado: 40.000,00 (o valor gasto, já descontado o estorno)",
        fix="Digite na célula o valor líquido do ano (o gasto menos o estorno), sem sinal de menos; se o "
        "sinal veio de uma fórmula, troque-a pelo valor.",
    ),
    Rule(
        "TCX504",
        WARNING,
        "Executado sem Previsto",
        message="{item}: Executado de {executed} sem valor Previsto no mesmo ano; informe o previsto ou "
        "confira o lançamento",
        explanation="Há valor Executado numa conta (Execução Financeira) ou atividade (Cronograma de "
        "Desembolso) que não tem nada Previsto no mesmo ano. Ou o gasto foi lançado na linha ou no ano "
        "errado, ou a previsão aprovada não foi digitada.",
        wrong="Execução Financeira, 1.5 Medicamentos, Ano I: Previsão vazia, Executado R$ 10,00",
        right="1.5 Medicamentos, Ano I: Previsão R$ 1.000,00, Executado R$ 10,00 (ou o gasto na conta certa)",
        fix="Confira de que conta ou atividade e de que ano é o gasto e mova o valor para lá; se o gasto é "
        "mesmo dessa linha, digite a previsão aprovada na coluna Previsto (Previsão) do mesmo ano.",
    ),
    Rule(
        "TCX505",
        WARNING,
        "Executado maior que o Previsto",
        message="{item}: Executado ({executed}) maior que o Previsto ({planned})",
        explanation="O valor Executado de uma conta ou atividade passou do Previsto no mesmo ano. Pode ser "
        "um gasto lançado na linha errada, um valor digitado com zeros a mais ou um remanejamento que ainda "
        "não foi refletido na previsão.",
        wrong="Cronograma de Desembolso, A1.2, Ano I (R$): Previsto R$ 62.000,00, Executado R$ 620.000,00",
        right="A1.2, Ano I (R$): Previsto R$ 62.000,00, Executado R$ 62.000,00",
        fix="Confira o valor digitado e a linha em que foi lançado; se o gasto a mais é real e foi "
        "autorizado, atualize a previsão conforme o remanejamento aprovado.",
    ),
    Rule(
        "TCX506",
        INFO,
        "Realizado em semestre não previsto ou ainda não iniciado",
        message="{activity}: {what} em {semester}{reason}",
        explanation="No Cronograma de Atividades, a linha Realizado tem uma marca num semestre que ainda não "
        "começou na data da conferência, ou numa atividade marcada como realizada (X ou P) num semestre em "
        "que a linha Previsto não tem X (uma ação não programada). É só um aviso para conferir.",
        wrong="A1.1: Previsto com X em Ano I/1º Sem; Realizado com X em Ano II/1º Sem",
        right="A1.1: Realizado com X em Ano I/1º Sem, o semestre previsto (ou o Previsto atualizado, se a "
        "atividade mudou de semestre)",
        fix="Confira o semestre da marca: mova-a para a coluna certa, apague a marca de um semestre que ainda "
        "não chegou, ou, se a atividade mudou mesmo de semestre, registre isso na linha Previsto.",
    ),
    Rule(
        "TCX507",
        ERROR,
        "marca inválida no cronograma",
        message="{activity}, {semester}: marca '{mark}' inválida na linha {line}; use {allowed}",
        explanation="As linhas do Cronograma de Atividades aceitam só as marcas da Legenda: X na linha "
        "Previsto; X (realizada), P (parcialmente realizada/em andamento), A (adiada) ou C (cancelada) na "
        "linha Realizado. Outra marca não é lida, e o semestre conta como vazio.",
        wrong="A1.1, Ano I/1º Sem, Previsto: S",
        right="A1.1, Ano I/1º Sem, Previsto: X",
        fix="Troque a marca por uma das letras da Legenda (ao pé da aba) ou apague-a; não use 'S', 'OK', "
        "'✓' ou datas nessas células.",
    ),
    Rule(
        "TCX508",
        WARNING,
        "valor de entrada calculado por fórmula que o tcxl não calcula",
        message="o valor é calculado pela fórmula {formula}, que o tcxl não calcula ({reason}) e que não tem "
        "resultado gravado; abra e salve no Excel/LibreOffice, ou digite o valor",
        explanation="Uma célula de entrada (um valor que se digita, como a Previsão de uma conta) tem uma "
        "fórmula que o tcxl não sabe calcular, e o arquivo não guarda o resultado dela, porque nunca foi salvo "
        "pelo Excel ou pelo LibreOffice. O valor da célula fica desconhecido, e os totais que a usam não são "
        "conferidos pelo valor.",
        wrong="Execução Financeira, 1.2 Salários e Encargos, Ano I, Previsão: =CUSTOFOLHA(B9), uma função de "
        "macro, num arquivo gerado por um programa e nunca aberto",
        right="o valor digitado, 125000 (ou a mesma fórmula num arquivo salvo pelo Excel, com o resultado gravado)",
        fix="Abra o arquivo no Excel ou no LibreOffice e salve (o resultado da fórmula fica gravado), ou troque "
        "a fórmula pelo valor: copie a célula e use Colar Especial > Valores sobre ela mesma.",
    ),
    Rule(
        "TCX509",
        WARNING,
        "Executado num ano que a data do relatório ainda não alcançou",
        message="{item}: Executado de {executed} no {year}, que só começa em {begins:%d/%m/%Y}, depois da "
        "Data do relatório ({date:%d/%m/%Y}, em Identificação); lance o valor no ano em que foi gasto ou "
        "atualize a Data",
        explanation="O Executado de um ano só existe depois que o ano começa. Um valor Executado num ano do "
        "projeto que começa depois da Data do relatório (aba Identificação, 'Data:' do responsável pelas "
        "informações) foi lançado na coluna do ano errado, ou a Data ficou desatualizada. Sem Data, sem o "
        "início do período de execução (2.3) ou com uma Data anterior a esse início (a data da proposta, não "
        "de um relatório), o tcxl não acusa.",
        wrong="Data: 30/06/2025; Cronograma de Desembolso, A1.1, Ano II (R$), Executado: R$ 10.000,00 (o Ano "
        "II começa em 01/01/2026)",
        right="Data: 30/06/2025; A1.1, Ano I (R$), Executado: R$ 10.000,00 (o gasto no ano em curso)",
        fix="Mova o valor para a coluna Executado do ano em que foi gasto (na Execução Financeira e no "
        "Cronograma de Desembolso); se o relatório é mais recente, corrija a Data na aba Identificação.",
    ),
    Rule(
        "TCX510",
        WARNING,
        "texto que não é número numa célula de quantidade",
        # typed: the text quoted, or "a data dd/mm/aaaa"; problem: "não é um" or "é grande demais para um"
        message="{typed} {problem} número; digite o número (ex.: 1234,56) ou deixe a célula vazia",
        explanation="Uma meta da Matriz de Planejamento (o Previsto ou o Realizado de um indicador num "
        "semestre) tem algo que não é número: uma palavra, uma anotação ou uma data. O tcxl a conta como "
        "vazia, e os totais do indicador (o Total do ano e o do TRIÊNIO) ficam sem esse semestre. É aviso, não "
        "erro, porque não mexe em valores em R$.",
        wrong="Matriz de Planejamento, indicador do Resultado 1, ANO I, 1º SEM, Previsto: 'cerca de 50' (ou "
        "'a definir')",
        right="50 (ou a célula vazia, se a meta ainda não foi definida)",
        fix="Digite só o número (ex.: 50 ou 12,5) ou deixe a célula vazia. Explicações vão na coluna 4. "
        "SUPOSIÇÕES IMPORTANTES ou num comentário da célula (botão direito > Novo comentário).",
        text_in_number=True,
    ),
]

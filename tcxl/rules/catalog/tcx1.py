"""Rules of group structure (TCX1xx): tables, headers and codes (SPEC §3).

Data only: see :mod:`tcxl.rules`.
"""

from ...findings import ERROR, WARNING
from .. import Rule

RULES = [
    Rule(
        "TCX101",
        ERROR,
        "tabela não encontrada",
        message="tabela não encontrada: {table} (procurado o rótulo '{label}'); confira se a tabela existe e se "
        "o rótulo está escrito como no modelo",
        explanation="A aba feita para a tabela existe (pelo nome, como Execução Financeira), mas o tcxl não "
        "achou nela o rótulo que marca a tabela. O tcxl acha cada tabela pelos rótulos do modelo, em qualquer "
        "posição da aba; com o rótulo apagado ou reescrito, a tabela inteira fica sem conferência.",
        wrong="aba Execução Financeira em que o cabeçalho DESCRIÇÃO DAS CONTAS foi trocado por 'Contas'",
        right="o cabeçalho escrito como no modelo, DESCRIÇÃO DAS CONTAS (maiúsculas, acentos e espaços a mais "
        "não importam)",
        fix="Procure na aba o rótulo citado na mensagem e escreva-o como no modelo (copie-o de uma planilha nova "
        "gerada com tcxl build-template). Se a tabela foi colada em outra aba, confira se ela veio inteira.",
    ),
    Rule(
        "TCX102",
        ERROR,
        "cabeçalho não encontrado",
        # where the header was looked for, and what was left unchecked without it
        message="cabeçalho não encontrado: '{header}' {place}",
        explanation="A tabela foi achada, mas falta um cabeçalho de coluna do modelo: Ano I, Previsão ou "
        "Executado, Previsto | Executado, ou a coluna do total de todos os anos (Total Triênio). Sem o "
        "cabeçalho, o tcxl não sabe o que a coluna guarda, e os valores e totais dela não são conferidos.",
        wrong="Execução Financeira sem a coluna Total Triênio à direita do Ano III (apagada, ou renomeada para 'Soma')",
        right="as colunas Ano I, Ano II, Ano III e Total Triênio, cada uma com Previsão | Executado | %",
        fix="Restaure o cabeçalho citado na mensagem, na célula indicada, escrito como no modelo. Se a coluna "
        "foi apagada, insira-a de novo e copie as fórmulas da mesma coluna numa planilha nova do modelo (tcxl "
        "build-template).",
    ),
    Rule(
        "TCX103",
        ERROR,
        "linha de conta não encontrada",
        message="linha de conta não encontrada: '{account}'; restaure a linha com o rótulo do modelo",
        explanation="O Demonstrativo da Execução Financeira tem um plano de contas fixo, e uma das linhas não "
        "foi achada na coluna DESCRIÇÃO DAS CONTAS. Os valores dessa conta não são lidos, e os totais que a "
        "incluem (como TOTAL GERAL (1+2+3+4)) não podem ser conferidos.",
        wrong="a linha 1.2 Salários e Encargos apagada, ou reescrita como 'Salários'",
        right="a linha com o rótulo do modelo: 1.2 Salários e Encargos",
        fix="Insira a linha no seu lugar e escreva o rótulo exatamente como no modelo (copie-o de uma planilha "
        "nova gerada com tcxl build-template); digite os valores e confira se os totais acima a incluem.",
    ),
    Rule(
        "TCX104",
        ERROR,
        "código de atividade duplicado",
        message="código {activity} repetido (já usado em {first}); renumere a atividade",
        explanation="Duas linhas da mesma tabela usam o mesmo código de atividade. Cada atividade precisa de um "
        "código só seu: é por ele que o tcxl liga o Cronograma de Desembolso ao Cronograma de Atividades e à "
        "Matriz de Planejamento. Só a primeira linha com o código é lida; a repetida fica fora.",
        wrong="Cronograma de Desembolso: A1.2 na linha 12 e de novo na linha 15",
        right="A1.2 na linha 12 e A1.3 na linha 15 (numeradas em ordem)",
        fix="Renumere a atividade repetida e use o mesmo código novo nas outras abas onde ela aparece "
        "(Cronograma de Atividades e Matriz de Planejamento).",
    ),
    Rule(
        "TCX105",
        ERROR,
        "código de atividade malformado",
        message="código de atividade malformado: '{activity}'; use Am.n (ex.: A1.2) ou AM.n",
        explanation="Uma linha com valores tem, na coluna das atividades, um código fora do padrão Am.n "
        "(resultado m, atividade n, como A1.2) ou AM.n (monitoramento e avaliação). Sem um código válido, a "
        "linha não é lida como atividade: os valores dela ficam fora da conferência dos totais e das "
        "comparações com os outros cronogramas.",
        wrong="Cronograma de Desembolso, coluna Atividades de Intervenção: 'A 1-2', 'At1.2' ou 'A1,2'",
        right="A1.2 (ou AM.1, no bloco de monitoramento)",
        fix="Corrija o código na célula indicada para o padrão Am.n, e use o mesmo código no Cronograma de "
        "Atividades e na Matriz de Planejamento.",
    ),
    Rule(
        "TCX106",
        WARNING,
        "atividade fora do bloco do seu resultado",
        message="atividade {activity} está no bloco {block}; mova-a para o bloco do seu resultado",
        explanation="O número do resultado no código da atividade não bate com o bloco onde ela está: A2.1 é a "
        "atividade 1 do resultado 2, mas está no bloco do resultado 1 (ou no de monitoramento). O total do "
        "bloco passa a somar uma atividade de outro resultado.",
        wrong="A2.1 no bloco do resultado 1, logo abaixo de A1.3",
        right="A2.1 no bloco do resultado 2 (ou renumerada para A1.4, se é mesmo do resultado 1)",
        fix="Mova a linha para o bloco do seu resultado (recorte a linha e use Inserir células recortadas), ou "
        "renumere a atividade; depois confira os totais dos dois blocos.",
    ),
    Rule(
        "TCX107",
        ERROR,
        "número de anos diferente entre as tabelas",
        message="as tabelas não têm o mesmo número de anos ({counts}); corrija as colunas de anos para que todas "
        "cubram o período do projeto",
        explanation="As tabelas não cobrem o mesmo número de anos: por exemplo, a Execução Financeira vai até o "
        "Ano III e o Cronograma de Desembolso só até o Ano II. O projeto tem um só período, e as comparações "
        "entre as abas só fazem sentido com os mesmos anos.",
        wrong="Execução Financeira: 3, Cronograma de Desembolso: 2 (a coluna Ano III foi apagada)",
        right="Execução Financeira: 3, Cronograma de Desembolso: 3, Cronograma de Atividades: 3, Matriz de "
        "Planejamento: 3",
        fix="Veja na mensagem quantos anos cada aba tem. Insira (ou apague) as colunas de ano que faltam (ou "
        "sobram), com os cabeçalhos e as fórmulas do modelo, para que todas cubram o período do projeto.",
    ),
]

"""Rules of group file (TCX0xx): the file itself (SPEC §3).

Data only: see :mod:`tcxl.rules`.
"""

from ...findings import ERROR, INFO, WARNING
from .. import Rule

RULES = [
    Rule(
        "TCX000",
        ERROR,
        "erro interno do tcxl",
        message="erro interno do tcxl em {check} ({error}: {detail}); as demais conferências deste arquivo e os "
        "demais arquivos seguiram; rode com --debug e reporte o problema",
        explanation="Uma conferência do tcxl falhou de forma inesperada neste arquivo: é um defeito do tcxl, "
        "não da planilha. A conferência que falhou não deu resultado para este arquivo; as outras "
        "conferências dele e os outros arquivos foram conferidos normalmente.",
        wrong="erro interno do tcxl em fórmulas (RecursionError: maximum recursion depth exceeded)",
        right="(nenhuma constatação TCX000)",
        fix="Rode de novo com `tcxl --debug check ARQUIVO` para ver o traceback e reporte o problema com a "
        "planilha (ou uma cópia sem dados sensíveis). Até a correção, confira à mão o que essa conferência cobre.",
    ),
    Rule(
        "TCX001",
        ERROR,
        "arquivo ilegível",
        # the reasons (not found, empty, a folder, a broken zip, …) share no words worth a template
        message="{reason}",
        explanation="O tcxl não conseguiu abrir o arquivo como planilha: ele não existe, está vazio, é uma "
        "pasta, está corrompido (por exemplo, um download interrompido) ou não pôde ser lido do disco. Nada "
        "dele foi conferido, por isso o arquivo nunca passa como certo.",
        wrong="projeto_2025.xlsx com 0 bytes, ou cortado no meio do download (a mensagem diz: arquivo .xlsx "
        "corrompido ou incompleto)",
        right="projeto_2025.xlsx que abre normalmente no Excel ou no LibreOffice",
        fix="- Confira o caminho e o nome do arquivo na linha de comando.\n"
        "- Abra o arquivo no Excel ou no LibreOffice; se não abrir, baixe-o ou peça-o de novo.\n"
        "- Se abrir, use Arquivo > Salvar como, no formato Pasta de Trabalho do Excel (.xlsx), e confira a "
        "cópia nova.\n"
        "- Se a mensagem fala de permissão, peça acesso à pasta ou copie o arquivo para uma pasta sua.",
        unreadable=True,
    ),
    Rule(
        "TCX002",
        ERROR,
        "formato .xls antigo",
        message="formato .xls antigo (Excel 97-2003); abra no Excel ou LibreOffice e salve como .xlsx",
        explanation="O arquivo está no formato antigo do Excel 97-2003 (.xls), que o tcxl não lê. A planilha "
        "do PROADI-SUS é conferida no formato .xlsx, o padrão do Excel desde 2007.",
        wrong="projeto.xls, ou projeto.xlsx que por dentro ainda é um .xls renomeado",
        right="projeto.xlsx salvo como Pasta de Trabalho do Excel",
        fix="- Abra o arquivo no Excel ou no LibreOffice Calc.\n"
        "- Use Arquivo > Salvar como e escolha Pasta de Trabalho do Excel (*.xlsx) (no LibreOffice: "
        "Excel 2007-365 (.xlsx)).\n"
        "- Confira de novo a cópia .xlsx. Só renomear o arquivo não basta: o formato por dentro continua o "
        "antigo.",
        unreadable=True,
    ),
    Rule(
        "TCX003",
        ERROR,
        "não é uma planilha .xlsx",
        message="não é uma planilha .xlsx (o conteúdo é {kind}); salve a planilha no formato .xlsx",
        explanation="O arquivo tem nome de planilha, mas o conteúdo é texto: um CSV, uma página HTML (como a "
        "exportação de alguns sistemas) ou outro arquivo renomeado para .xlsx. Esses formatos não guardam as "
        "abas, as fórmulas nem os rótulos do modelo.",
        wrong="relatorio.xlsx que, aberto no Bloco de Notas, mostra linhas como 'Conta;Ano I;Ano II'",
        right="relatorio.xlsx salvo pelo Excel ou pelo LibreOffice no formato Pasta de Trabalho do Excel",
        fix="- Abra o arquivo no Excel ou no LibreOffice (num CSV, confira se as colunas foram separadas "
        "certo).\n"
        "- Se os dados não estão no modelo, copie-os para a planilha do modelo (tcxl build-template -o "
        "modelo.xlsx gera uma em branco).\n"
        "- Use Arquivo > Salvar como, no formato Pasta de Trabalho do Excel (*.xlsx).",
        unreadable=True,
    ),
    Rule(
        "TCX004",
        ERROR,
        "planilha protegida por senha",
        # the workbook encrypted (password to open), or parts of the zip encrypted
        message="{subject} por senha ({encryption}); {action}",
        explanation="A planilha está criptografada com senha de abertura (ou partes do .zip estão protegidas "
        "por senha). Sem a senha o conteúdo não pode ser lido, e o tcxl não pede nem tenta senhas. A proteção "
        "de aba (Revisão > Proteger planilha) não causa este erro: só a senha para abrir o arquivo.",
        wrong="projeto.xlsx salvo com Arquivo > Informações > Proteger Pasta de Trabalho > Criptografar com Senha",
        right="projeto.xlsx sem senha de abertura (as abas podem continuar protegidas contra edição)",
        fix="- Abra o arquivo no Excel, digitando a senha.\n"
        "- Em Arquivo > Informações > Proteger Pasta de Trabalho > Criptografar com Senha, apague a senha e "
        "confirme (no LibreOffice: Arquivo > Salvar como, desmarcando Salvar com senha).\n"
        "- Salve e envie a cópia sem senha de abertura.",
        unreadable=True,
    ),
    Rule(
        "TCX005",
        ERROR,
        "aba ausente",
        message="aba ausente: nenhuma aba contém a tabela {table} (procurado o rótulo '{label}'); "
        "restaure a aba '{sheet_name}'",
        explanation="Nenhuma aba tem uma das tabelas do modelo (por exemplo, o CRONOGRAMA DE DESEMBOLSO "
        "FINANCEIRO DAS ATIVIDADES). O tcxl acha cada tabela pelo seu rótulo, em qualquer aba; sem ela, nada "
        "dessa parte é conferido e as comparações entre as abas ficam incompletas.",
        wrong="uma pasta de trabalho só com as abas Identificação, Matriz de Planejamento, Cronograma de "
        "Atividades e Execução Financeira: a aba Cronograma de Desembolso foi apagada",
        right="as cinco abas do modelo: Identificação, Matriz de Planejamento, Cronograma de Atividades, "
        "Cronograma de Desembolso e Execução Financeira",
        fix="- Confira se a aba não está só oculta (botão direito numa guia > Reexibir).\n"
        "- Se foi apagada, copie-a de uma versão anterior do arquivo, ou de uma planilha nova do modelo "
        "(tcxl build-template), com botão direito na guia > Mover ou copiar > Criar uma cópia, e preencha de "
        "novo os valores.\n"
        "- Mantenha o rótulo citado na mensagem escrito como no modelo: é por ele que o tcxl acha a tabela.",
    ),
    Rule(
        "TCX006",
        ERROR,
        "arquivo grande demais (expande além do limite)",
        # the zip expanding past --max-size, or a part declaring more items than tcxl reads
        message="{subject} {size}, {limit}; {verdict}",
        explanation="Descompactado, o arquivo passaria do limite que o tcxl lê (200 MB, se não mudado com "
        "--max-size), ou declara mais abas, textos ou formatos do que uma planilha de projeto jamais tem. É o "
        "sinal de uma 'bomba zip' ou de um arquivo forjado; o tcxl o recusa antes de ler, para não travar a "
        "conferência dos demais arquivos.",
        wrong="um .xlsx de 2 MB que se expande para 5.000 MB, ou que declara mais de 1.000 abas",
        right="uma planilha do modelo, que se expande para poucos megabytes",
        fix="- Se o arquivo é legítimo e grande, confira de novo com um limite maior: tcxl check --max-size "
        "500MB ARQUIVO.\n"
        "- Senão, abra-o no Excel ou LibreOffice, apague as abas e imagens que não são do modelo, salve como "
        ".xlsx e confira de novo.\n"
        "- Se o arquivo veio de fora e ninguém sabe o que ele contém, peça uma cópia nova a quem o enviou.",
        unreadable=True,
    ),
    Rule(
        "TCX007",
        INFO,
        "versão do modelo diferente da atual",
        message="planilha gerada pelo modelo {version}; o modelo atual é {current}",
        explanation="A planilha foi gerada pelo tcxl a partir de uma versão do modelo diferente da atual (a "
        "versão fica gravada numa aba oculta, _tcxl). Ela é conferida do mesmo jeito, mas rótulos ou linhas "
        "que mudaram entre as versões podem gerar outras constatações.",
        wrong="planilha gerada pelo modelo proadi-sus/2023.1; o modelo atual é proadi-sus/2024.1",
        right="planilha gerada pelo modelo atual, proadi-sus/2024.1",
        fix="Nada a fazer se o projeto foi apresentado naquela versão. Para passar à atual, gere uma planilha "
        "nova (tcxl build-template) e copie para ela os valores de entrada da antiga.",
    ),
    Rule(
        "TCX008",
        INFO,
        "resultados das fórmulas nunca calculados",
        message="os resultados gravados das fórmulas estão todos zerados (arquivo nunca recalculado); os totais "
        "foram conferidos pelas fórmulas e recalculados pelo tcxl. Abra e salve no Excel/LibreOffice ou rode "
        "'tcxl recalc'",
        explanation="O arquivo foi escrito por um programa e nunca foi aberto e salvo no Excel ou no "
        "LibreOffice: os resultados gravados das fórmulas estão todos zerados. O tcxl não os compara (acusaria "
        "todos os totais) e confere os totais pelas fórmulas e pelo próprio cálculo; mas quem abrir o arquivo "
        "num visualizador que não recalcula (no celular, numa prévia de e-mail) vê zeros.",
        wrong="TOTAL GERAL (1+2+3+4) com a fórmula certa mas resultado gravado 0, numa planilha com valores",
        right="TOTAL GERAL (1+2+3+4) com resultado gravado igual à soma das contas (arquivo salvo pelo Excel "
        "ou pelo LibreOffice)",
        fix="Abra o arquivo no Excel ou no LibreOffice e salve (Ctrl+S), ou rode tcxl recalc ARQUIVO, e "
        "confira de novo.",
    ),
    Rule(
        "TCX009",
        ERROR,
        "XML perigoso recusado (entidades/DTD)",
        message="XML perigoso recusado na parte {part} (declaração de entidades/DTD, como numa 'bomba XML'); o "
        "arquivo não foi processado",
        explanation="Uma parte do arquivo (um XML dentro do .xlsx) declara entidades ou um DTD, recurso que o "
        "Excel não usa e que serve a ataques, como a 'bomba XML' (um texto que se multiplica até esgotar a "
        "memória) ou a leitura de arquivos do computador. O tcxl recusa o arquivo sem processá-lo.",
        wrong='xl/sharedStrings.xml começando com <!DOCTYPE x [<!ENTITY a "…">]>',
        right="xl/sharedStrings.xml como o Excel o grava, sem <!DOCTYPE> nem <!ENTITY>",
        fix="Não edite o arquivo à mão. Se ele veio de fonte confiável, abra-o no Excel ou no LibreOffice e "
        "salve como .xlsx (a cópia sai sem o DTD); senão, peça o arquivo de novo a quem o enviou.",
        unreadable=True,
    ),
    Rule(
        "TCX010",
        WARNING,
        "conteúdo além dos limites de linhas/colunas ignorado",
        message="a aba tem conteúdo além de {max_rows} linhas ou {max_cols} colunas ({rows} linha(s) e {cells} "
        "célula(s) a mais); esse conteúdo foi ignorado",
        explanation="A aba tem células além do que o tcxl lê (100.000 linhas ou 1.000 colunas). Esse conteúdo "
        "foi ignorado: se ali houver valores do projeto, eles ficaram fora da conferência. Em geral é uma "
        "fórmula, um espaço ou uma formatação arrastada até o fim da planilha.",
        wrong="a aba Cronograma de Desembolso com um espaço digitado na célula A1048576",
        right="a aba só com a tabela do modelo, sem nada abaixo ou à direita dela",
        fix="- Pressione Ctrl+End na aba citada para ir à última célula usada.\n"
        "- Selecione as linhas (ou colunas) vazias que sobram depois da tabela e use botão direito > "
        "Excluir.\n"
        "- Salve e confira de novo.",
    ),
    Rule(
        "TCX011",
        ERROR,
        "vínculo com outra pasta de trabalho",
        # the workbook keeps links, or one formula reads another workbook
        message="{what}; o tcxl não segue vínculos: {consequence}",
        explanation="Uma fórmula lê uma célula de outro arquivo, ou a pasta de trabalho guarda vínculos com "
        "outros arquivos. O tcxl não abre outros arquivos: confere só o que está nesta planilha. Quem recebe o "
        "arquivo sem o outro vê valores que não pode conferir e que mudam quando o outro arquivo muda.",
        wrong="Execução Financeira, 1.2 Salários e Encargos, Ano I, Previsão: ='[folha_2025.xlsx]Resumo'!D12",
        right="a mesma célula com o valor digitado: 125000",
        fix="- No Excel: Dados > Editar Links > Quebrar Link (no LibreOffice: Editar > Vínculos para arquivos "
        "externos > Desvincular); as células ficam com os valores atuais.\n"
        "- Ou copie as células e use Colar Especial > Valores sobre elas mesmas.\n"
        "- Salve e confira de novo.",
    ),
    Rule(
        "TCX012",
        ERROR,
        "texto acima do limite do Excel",
        message="texto de {length} caracteres, acima do limite do Excel (32.767); a célula não foi gerada pelo "
        "Excel e será cortada ao abrir",
        explanation="Uma célula guarda um texto com mais de 32.767 caracteres, o máximo que uma célula do Excel "
        "aceita. O Excel não grava isso: o arquivo foi gerado ou alterado por outro programa, e o Excel corta o "
        "texto ao abrir.",
        wrong="uma célula da Identificação com um texto colado de 40.000 caracteres",
        right="o texto resumido a menos de 32.767 caracteres, ou o documento longo enviado à parte",
        fix="Encurte o texto da célula indicada (ou divida-o em várias células), salve no Excel ou no "
        "LibreOffice e confira de novo.",
    ),
    Rule(
        "TCX013",
        ERROR,
        "planilha com macros",
        message="a planilha contém macros (VBA), que o tcxl nunca executa; envie a versão .xlsx sem macros "
        "(planilhas .xlsm renomeadas escondem macros)",
        explanation="O arquivo contém macros (código VBA). O tcxl nunca executa macros, mas um .xlsm renomeado "
        "para .xlsx esconde esse código de quem abre o arquivo, e uma macro pode mudar valores ao abrir. A "
        "planilha do modelo não usa macros.",
        wrong="projeto.xlsx que por dentro é um .xlsm, com um módulo VBA",
        right="projeto.xlsx salvo como Pasta de Trabalho do Excel, sem macros",
        fix="Abra o arquivo no Excel e use Arquivo > Salvar como > Pasta de Trabalho do Excel (*.xlsx); o "
        "Excel avisa que as macros serão removidas: confirme. Envie essa cópia.",
    ),
]

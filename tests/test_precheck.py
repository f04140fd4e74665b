"""The complexity pre-check's own readers (syntax/precheck.py)."""


def test_source_segments_match_cpython_on_every_node():
    # The cached reader must give exactly what ast.get_source_segment gives, for any line
    # ends and any UTF-8 width (the offsets are bytes).
    import ast

    from noiselint.syntax.precheck import SourceText

    text = ('x = ("é" "b"\r\n     "c")\ry = """a\n\x0cb"""\n'
            'def f(a="ü", *b):\n    return f"{a}" \'z\'  # ß\n')
    source = SourceText(text)
    for node in ast.walk(ast.parse(text)):
        assert source.segment(node) == ast.get_source_segment(text, node), ast.dump(node)

"""A libcst node's code without its comments, for a message that quotes it on one line.
Imported only where a message is made on libcst's parse."""

from __future__ import annotations

import libcst


class _CommentStripper(libcst.CSTTransformer):
    def leave_TrailingWhitespace(self, original_node: libcst.TrailingWhitespace,
                                 updated_node: libcst.TrailingWhitespace) -> libcst.TrailingWhitespace:
        return updated_node.with_changes(comment=None)

    def leave_EmptyLine(self, original_node: libcst.EmptyLine, updated_node: libcst.EmptyLine
                        ) -> libcst.EmptyLine | libcst.RemovalSentinel:
        return libcst.RemovalSentinel.REMOVE


def without_comments(node: libcst.CSTNode) -> libcst.CSTNode:
    """`node` with its comments and comment lines removed."""
    return node.visit(_CommentStripper())  # type: ignore[return-value]

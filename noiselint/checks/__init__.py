"""Checks: one module per rule, each a query over the model graph, a dropout site or the module.
Takes the graph's facts and the evaluator from the engine; hands Findings back. The registry: one line per rule."""

from __future__ import annotations

from collections.abc import Mapping

from .base import FileRule, GraphRule, ModuleRule, Rule, SiteRule, SyntaxRule
from .nl001_hardcoded_batch_size import HardcodedBatchSize
from .nl002_noise_shape_rank_mismatch import NoiseShapeRankMismatch
from .nl003_noise_shape_not_broadcastable import NoiseShapeNotBroadcastable
from .nl004_invalid_dropout_rate import InvalidDropoutRate
from .nl005_malformed_noise_shape import MalformedNoiseShape
from .nl006_symbolic_tensor_in_noise_shape import SymbolicTensorInNoiseShape
from .nl007_removed_keras_shape_attribute import RemovedKerasShapeAttribute
from .nl008_unsupported_argument import UnsupportedArgument
from .nl009_prefer_spatial_dropout import PreferSpatialDropout
from .nl010_data_format_mismatch import DataFormatMismatch
from .nl101_layer_input_rank import LayerInputRank
from .nl102_layer_input_size import LayerInputSize
from .nl103_negative_output_size import NegativeOutputSize
from .nl104_merge_shape_mismatch import MergeShapeMismatch
from .nl105_tensor_reshape_size_mismatch import TensorReshapeSizeMismatch
from .nl106_op_shape_mismatch import OpShapeMismatch
from .nl107_hardcoded_batch_size_in_op import HardcodedBatchSizeInOp
from .nl201_input_shape_mismatch import InputShapeMismatch
from .nl202_label_shape_mismatch import LabelShapeMismatch
from .nl203_input_count_mismatch import InputCountMismatch
from .nl204_sample_count_mismatch import SampleCountMismatch
from .nl205_feed_shape_mismatch import FeedShapeMismatch
from .nl206_reshape_size_mismatch import ReshapeSizeMismatch
from .nl900_syntax_error import SyntaxError_
from .nl901_io_error import IoError
from .nl902_internal_error import InternalError
from .nl903_file_too_complex import FileTooComplex

RULES: tuple[type[Rule], ...] = (
    HardcodedBatchSize,
    NoiseShapeRankMismatch,
    NoiseShapeNotBroadcastable,
    InvalidDropoutRate,
    MalformedNoiseShape,
    SymbolicTensorInNoiseShape,
    RemovedKerasShapeAttribute,
    UnsupportedArgument,
    PreferSpatialDropout,
    DataFormatMismatch,
    LayerInputRank,
    LayerInputSize,
    NegativeOutputSize,
    MergeShapeMismatch,
    TensorReshapeSizeMismatch,
    OpShapeMismatch,
    HardcodedBatchSizeInOp,
    InputShapeMismatch,
    LabelShapeMismatch,
    InputCountMismatch,
    SampleCountMismatch,
    FeedShapeMismatch,
    ReshapeSizeMismatch,
    SyntaxError_,
    IoError,
    InternalError,
    FileTooComplex,
)

BY_CODE: Mapping[str, type[Rule]] = {rule.code: rule for rule in RULES}

__all__ = ["BY_CODE", "RULES", "FileRule", "GraphRule", "ModuleRule", "Rule", "SiteRule", "SyntaxRule"]

"""The model graph: a directed graph of one module's models, with tensor nodes and
layer-call nodes (edges tensor → call → tensor). The interpreter (`model/interpreter.py`) walks the
code and calls the methods here; each call's output shapes come from a `ShapeOracle`.
`facts()` turns the graph into the `ShapeFacts` the rules read. Never imports TensorFlow.

The graph is kept as a `networkx.DiGraph` keeps it, adjacency dicts of dicts (its `_succ` and
`_pred`, each edge's data one dict shared by both), with each node's record in a dict beside
them, and it is a `networkx.DiGraph` when asked for (`ModelGraph.graph`). The interpreter reads
the dicts directly (a view is a Python call per read, and it reads half a million a run). The
DiGraph is made on demand because `import networkx` imports every algorithm networkx has and
scans the installed packages for backends: about 0.4 G instructions, a third of a one-file
check's start-up and more than the graphs of keras-io's 166 examples cost to build; the rules
read the graph through this class and never need it (docs/speed.md, "Session 11: lead")."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from noiselint.shapes import data_fit
from noiselint.shapes.catalog import DEFAULT_DATA_FORMAT, LayerEntry, Layout
from noiselint.shapes.facts import (
    CallError,
    DataFact,
    LayerFact,
    ModelFact,
    Shape,
    ShapeFacts,
    Source,
    TensorLayout,
    evolve,
    join_shapes,
    new_fact,
)
from noiselint.shapes.specs import PLAIN_VALUES, LayerSpec, ShapeOracle, ShapeOutcome, config_json
from noiselint.syntax import nodes as cst

if TYPE_CHECKING:
    import networkx as nx

# Whether a dropout application lends its site its input shape (ModelGraph.apply).
SiteOk = bool | Literal["rank"]

MAX_NODES = 20_000  # a module that builds more is not a model file; stop rather than hang


class BudgetExceeded(Exception):
    """The interpreter stopped: more graph nodes or steps than any model file needs."""


# The graph's two most made records (17,000 each on keras-io) are set up by an `__init__` of
# their own, writing the instance's dict: a frozen dataclass's generated one calls
# `object.__setattr__` once per field. Equality, hashing and repr stay the dataclass's.


@dataclass(frozen=True, init=False)
class TensorNode:
    """A tensor of the graph: its shape as Keras would report it, and its layout."""

    shape: Shape | None
    # Every size is what Keras would report, so a `None` is truly dynamic and `x.shape`
    # may be read; False once a size was lost to an unknown layer (kept as `None`).
    exact: bool
    layout: TensorLayout | None = None

    def __init__(self, shape: Shape | None, exact: bool, layout: TensorLayout | None = None) -> None:
        fields = self.__dict__
        fields["shape"], fields["exact"], fields["layout"] = shape, exact, layout


@dataclass(frozen=True, init=False)
class CallNode:
    """A layer or op call of the graph: its fact, spec, kind and input tensors."""

    fact: LayerFact
    spec: LayerSpec | None  # None for Input, pass-through ops and opaque calls
    parent: int | None  # the custom layer / nested model call it runs inside
    kind: str  # "layer", "input", "passthrough", "opaque", "composite"
    site_ok: SiteOk = True  # see `apply`
    # The input tensors in order, repeats kept (`MultiHeadAttention()(x, x)`): the graph holds
    # one edge per distinct tensor.
    inputs: tuple[int, ...] = ()

    def __init__(self, fact: LayerFact, spec: LayerSpec | None, parent: int | None, kind: str,
                 site_ok: SiteOk = True, inputs: tuple[int, ...] = ()) -> None:
        fields = self.__dict__
        fields["fact"], fields["spec"], fields["parent"], fields["kind"], fields["site_ok"], fields["inputs"] = \
            fact, spec, parent, kind, site_ok, inputs


@dataclass(frozen=True)
class DataNode:
    """A data call (`fit`, `predict`, a `feed_dict`) or array operation: not a layer call,
    so no model lists it; its edges come from the model inputs it meets."""

    fact: DataFact


@dataclass
class _ModelRecord:
    """A model the code made: its name, node, kind and the layer calls it holds."""

    name: str
    node: cst.CSTNode
    kind: str
    calls: list[int]


class ModelGraph:
    """The graph under construction. Node ids are ints, numbered in the order the code made
    them; each holds a TensorNode, CallNode or DataNode."""

    def __init__(self, oracle: ShapeOracle, max_nodes: int = MAX_NODES) -> None:
        # Each node's TensorNode, CallNode or DataNode, as `graph.nodes[n]["data"]` holds it
        # (without the names of `_names`). Written only by `_add` and `_set`.
        self._data: dict[int, TensorNode | CallNode | DataNode] = {}
        # Each node's successors and predecessors with each edge's data, as a DiGraph's
        # `_succ` and `_pred` hold them. Written only by `_add` and `_add_edge`.
        self._succ: dict[int, dict[int, dict[str, Any]]] = {}
        self._pred: dict[int, dict[int, dict[str, Any]]] = {}
        # The variable each call's output is bound to (`name`), put into its fact only when
        # the facts are made (`_fact`): a copy of the call and of its fact for each name bound
        # was most of the graph's copies. No call's fact holds a name before that.
        self._names: dict[int, str] = {}
        self._max_nodes = max_nodes
        self._oracle = oracle
        self._next = 0
        self._sites: dict[cst.Call, Shape | None] = {}
        self._site_ranks: dict[cst.Call, set[int]] = {}  # ranks lent alone (see `lent_shape`)
        self._shape_reads: dict[cst.Call, Shape | None] = {}
        self._site_paths: dict[cst.Call, list[Shape]] = {}  # each distinct shape, in order
        self._models: list[_ModelRecord] = []
        # Layer instances already called on exact shapes (what built their weights), by
        # id; the instance is kept so that its id is not reused.
        self._built: dict[int, tuple[object, tuple[Shape, ...], cst.CSTNode | None]] = {}
        self._model_calls: set[int] = set()  # composites that are a model applied as a layer
        self._built_by_data: set[int] = set()  # calls of a Sequential its first data call builds
        self._building_calls: set[int] = set()  # model composites whose call builds the model
        # Layer objects numbered for LayerFact.instance (kept, so that an id is never reused).
        self._instances: dict[int, tuple[object, int]] = {}

    def _instance(self, obj: object | None) -> int:
        if obj is None:
            return 0
        return self._instances.setdefault(id(obj), (obj, len(self._instances) + 1))[1]

    @property
    def layers_applied(self) -> int:
        """How many distinct layer and model objects have been applied so far."""
        return len(self._instances)

    # nodes and edges ----------------------------------------------------------------------

    def predecessors(self, nid: int) -> Iterable[int]:
        return self._pred[nid].keys()

    def successors(self, nid: int) -> Iterable[int]:
        return self._succ[nid].keys()

    def edge(self, u: int, v: int) -> dict[str, Any]:
        """The data of the edge u → v (KeyError if there is none)."""
        return self._succ[u][v]

    def tensor(self, tid: int) -> TensorNode:
        return self._data[tid]  # type: ignore[return-value]

    def call(self, cid: int) -> CallNode:
        return self._data[cid]  # type: ignore[return-value]

    def node(self, nid: int) -> TensorNode | CallNode | DataNode:
        return self._data[nid]

    def _add(self, data: TensorNode | CallNode | DataNode) -> int:
        nid = self._next
        if nid >= self._max_nodes:
            raise BudgetExceeded(f"more than {self._max_nodes} graph nodes")
        self._next = nid = nid + 1
        self._succ[nid] = {}
        self._pred[nid] = {}
        self._data[nid] = data
        return nid

    def _add_edge(self, u: int, v: int, **attrs: Any) -> None:
        """`DiGraph.add_edge` between two nodes `_add` made: one data dict for the edge, held
        by both ends' adjacency, updated if the edge is there already."""
        edge = self._succ[u].get(v)
        if edge is None:
            edge = self._succ[u][v] = self._pred[v][u] = {}
        edge.update(attrs)

    def _set(self, nid: int, data: CallNode) -> None:
        self._data[nid] = data

    @property
    def graph(self) -> nx.DiGraph:
        """The graph as a `networkx.DiGraph`: a node per id with its record as `data`, an edge
        per edge with its data. Made at each read from the graph as it is then; changing it
        changes nothing here."""
        import networkx as nx

        graph = nx.DiGraph()
        graph.add_nodes_from((nid, {"data": data}) for nid, data in self._data.items())
        graph.add_edges_from((u, v, dict(edge)) for u, ends in self._succ.items() for v, edge in ends.items())
        return graph

    def new_tensor(self, shape: Shape | None = None, exact: bool = False,
                   layout: TensorLayout | None = None) -> int:
        return self._add(TensorNode(shape, exact and shape is not None, layout))

    def _depth(self, parent: int | None) -> int:
        """LayerFact.depth of a call inside `parent`: given to the fact when it is made, which
        saves a copy of it per call inside a custom layer or nested model."""
        return self._data[parent].fact.depth + 1 if parent is not None else 0  # type: ignore[union-attr]

    def _call(self, fact: LayerFact, spec: LayerSpec | None, parent: int | None, kind: str,
              inputs: Sequence[int], site_ok: SiteOk = True) -> int:
        """`fact`: made for this call, with `depth=self._depth(parent)` (each caller's)."""
        cid = self._add(CallNode(fact, spec, parent, kind, site_ok, tuple(inputs)))
        # `_add_edge(tid, cid, index=index)` per input, written out (most of the graph's edges):
        # a tensor given twice (`MultiHeadAttention()(x, x)`) keeps one edge, its last index.
        succ, made = self._succ, self._pred[cid]
        for index, tid in enumerate(inputs):
            edge = made.get(tid)
            if edge is None:
                succ[tid][cid] = made[tid] = {"index": index}
            else:
                edge["index"] = index
        return cid

    def _outputs(self, cid: int, outputs: Iterable[TensorNode]) -> tuple[int, ...]:
        return tuple(self._output(cid, node, index) for index, node in enumerate(outputs))

    def _output(self, cid: int, node: TensorNode, index: int = 0) -> int:
        """Output `index` of call `cid` (most calls have one: no list and tuple for it)."""
        tid = self._add(node)
        self._succ[cid][tid] = self._pred[tid][cid] = {"index": index}  # `_add_edge`: a new tensor has no edge yet
        return tid

    def _inputs(self, inputs: Sequence[int]) -> tuple[list[TensorNode], tuple[Shape | None, ...], bool]:
        """The input tensors, their shapes and whether all are exact, in one pass (no list and
        two generators per call)."""
        data, tensors, sizes, exact = self._data, [], [], True
        for t in inputs:
            tensor = data[t]
            tensors.append(tensor)
            sizes.append(tensor.shape)  # type: ignore[union-attr]
            if not tensor.exact:  # type: ignore[union-attr]
                exact = False
        return tensors, tuple(sizes), exact  # type: ignore[return-value]

    # layer calls ------------------------------------------------------------------------

    def input_layer(self, node: cst.CSTNode, shape: Shape | None, exact: bool, reason: str | None,
                    parent: int | None = None, label: str = "InputLayer",
                    unknown_axes: tuple[int, ...] | None = None) -> int:
        """A tensor made from nothing: `Input`, and in TF 1 code `tf.placeholder`, `tf.zeros`;
        `unknown_axes`: the sizes written as values noiselint cannot tell (not `None`)."""
        fact = new_fact(node, label, (), shape, unknown_reason=reason, kind="input", unknown_axes=unknown_axes,
                         depth=self._depth(parent))
        cid = self._call(fact, None, parent, "input", ())
        return self._output(cid, TensorNode(shape, exact and shape is not None))

    def apply(self, spec: LayerSpec, inputs: Sequence[int], *, parent: int | None = None,
              mask: Shape | None = None, site_ok: SiteOk = True, instance: object | None = None,
              call: cst.CSTNode | None = None) -> tuple[int, ...]:
        """Apply an (allow-listed or custom) layer to tensors: the output tensors.

        `instance`: the layer object the code calls (`d` in `d(a); d(b)`); its first call on
        exact shapes builds it, and a later call is judged against what it was built for.

        `site_ok` False: the site's noise_shape reads differently here than the rules read it
        without context (a builder called with another argument than the default), so this
        application must not lend the site its input shape; "rank": it has the same length
        but other values here, so only the input's rank is lent (see `lent_shape`).
        """
        tensors, shapes, exact = self._inputs(inputs)
        built = self._built.get(id(instance)) if instance is not None else None
        built_on = built[1] if built is not None else None
        built_at = built[2] if built is not None else None
        outcome = self._oracle.output_shapes(spec, shapes, exact, built_on=built_on)
        if instance is not None and built is None and exact and outcome.outputs is not None \
                and None not in shapes:
            self._built[id(instance)] = (instance, shapes, call or spec.node)  # type: ignore[assignment]
        entry = spec.entry
        config = {k: v if type(v) in PLAIN_VALUES else config_json(v) for k, v in spec.config}
        data_format = _data_format(entry, config)
        first = outcome.outputs[0] if outcome.outputs else None
        fact = new_fact(spec.node, spec.class_name, shapes, first, depth=self._depth(parent), config=config,
                         unknown_reason=outcome.reason, site=spec.site, mask=mask,
                         data_format=data_format, data_format_default=spec.data_format_default,
                         spatial_rank=entry.spatial_rank if entry else None,
                         input_layout=tensors[0].layout if tensors else None,
                         error=outcome.error, kind="layer", built_on=built_on, call=call or spec.node,
                         built_at=built_at if built_on is not None else None,
                         instance=self._instance(instance))
        cid = self._call(fact, spec, parent, "layer", inputs, site_ok)
        layout = _output_layout(spec, entry, tensors, outcome, data_format)  # type: ignore[arg-type]
        results = outcome.outputs or (None,)
        if spec.site is not None:
            self.record_site(spec.site, lent_shape(shapes[0] if shapes else None, site_ok), site_ok == "rank")
        if len(results) == 1:
            return (self._output(cid, TensorNode(first, outcome.exact and first is not None, layout)),)
        return self._outputs(cid, [TensorNode(s, outcome.exact and s is not None, layout) for s in results])

    def probe(self, spec: LayerSpec, shapes: tuple[Shape, ...], instance: object) -> ShapeOutcome:
        """What applying the layer `instance` to exact `shapes` gives, judged against what it
        was built on, without recording a call: data meeting a built model (model/data_calls.py)."""
        built = self._built.get(id(instance))
        return self._oracle.output_shapes(spec, shapes, True, built_on=built[1] if built is not None else None)

    def op(self, label: str, node: cst.CSTNode, op: str, args: dict[str, object], inputs: Sequence[int],
           dtypes: Sequence[str], parent: int | None = None) -> int:
        """An allow-listed TensorFlow op (`tf.reshape(x, [-1, 64])`): its output shape is
        TensorFlow's own inference on placeholders of the input shapes (shapes/tf_graph.py)."""
        return self.op_outputs(label, node, op, args, inputs, dtypes, parent)[0]

    def op_outputs(self, label: str, node: cst.CSTNode, op: str, args: dict[str, object], inputs: Sequence[int],
                   dtypes: Sequence[str], parent: int | None = None) -> tuple[int, ...]:
        """An op with each of its outputs (`keras.ops.split` has several; one of unknown
        shape when the answer is unknown)."""
        _, shapes, exact = self._inputs(inputs)
        outcome = self._oracle.op_shape(op, args, tuple(zip(shapes, dtypes, strict=True)), exact)
        first = outcome.outputs[0] if outcome.outputs else None
        fact = new_fact(node, label, shapes, first, config=dict(args), unknown_reason=outcome.reason,
                         error=outcome.error, kind="op", call=node, depth=self._depth(parent))
        cid = self._call(fact, None, parent, "op", inputs)
        results = outcome.outputs or (None,)
        if len(results) == 1:
            return (self._output(cid, TensorNode(first, outcome.exact and first is not None)),)
        return self._outputs(cid, [TensorNode(s, outcome.exact and s is not None) for s in results])

    def passthrough(self, label: str, node: cst.CSTNode, tid: int, *, site: cst.Call | None = None,
                    mask: Shape | None = None, site_ok: SiteOk = True, parent: int | None = None) -> int:
        """An op whose output has its input's shape (`tf.nn.dropout`, `x * 2`)."""
        tensor = self.tensor(tid)
        fact = new_fact(node, label, (tensor.shape,), tensor.shape, site=site, mask=mask, depth=self._depth(parent),
                         input_layout=tensor.layout, kind="passthrough", unknown_axes=self._unknown_axes(tid))
        cid = self._call(fact, None, parent, "passthrough", (tid,), site_ok)
        if site is not None:
            self.record_site(site, lent_shape(tensor.shape, site_ok), site_ok == "rank")
        return self._output(cid, tensor)

    def _unknown_axes(self, tid: int) -> tuple[int, ...] | None:
        """The unknown axes of tensor `tid` as the call that made it knows them, if it does."""
        for cid, edge in self._pred[tid].items():
            call = self._data[cid]
            if isinstance(call, CallNode) and edge.get("index") == 0:
                return call.fact.unknown_axes
        return None

    def opaque(self, label: str, node: cst.CSTNode, inputs: Sequence[int], reason: str,
               parent: int | None = None) -> int:
        """A call noiselint cannot see into: its output is a tensor of unknown shape."""
        shapes = tuple(self.tensor(t).shape for t in inputs)
        fact = new_fact(node, label, shapes, None, unknown_reason=reason, kind="opaque", depth=self._depth(parent))
        cid = self._call(fact, None, parent, "opaque", inputs)
        return self._output(cid, TensorNode(None, False))

    def begin_composite(self, label: str, node: cst.CSTNode, inputs: Sequence[int],
                        parent: int | None = None, reason: str | None = None, instance: object | None = None,
                        model: bool = False, builds: bool = False, error: CallError | None = None) -> int:
        """A custom layer or nested model: its inner calls get it as `parent`. `instance`:
        the model or layer object, when the code calls one object more than once. `model`: a
        model applied as a layer; `builds`: a Sequential this call builds (no input declared,
        never called before), whose layers' errors are raised here in Keras's words. `error`:
        the model refuses its input (its input spec), raised at this call."""
        shapes = tuple(self.tensor(t).shape for t in inputs)
        fact = new_fact(node, label, shapes, None, unknown_reason=reason, kind="composite", depth=self._depth(parent),
                         instance=self._instance(instance), error=error)
        cid = self._call(fact, None, parent, "composite", inputs)
        if model:
            self._model_calls.add(cid)
        if builds:
            self._building_calls.add(cid)
        return cid

    def spec_error(self, refs: Sequence[int], given: Sequence[int]) -> CallError | None:
        """What a model whose inputs are the tensors `refs` raises when applied to the
        tensors `given`, by its input spec (shapes/data_fit.py); None when it takes them or
        when a shape is not certain."""
        if len(refs) != len(given):
            return None
        for index, (ref, tid) in enumerate(zip(refs, given, strict=True)):
            want, got = self.tensor(ref), self.tensor(tid)
            if want.shape is None or got.shape is None or not want.exact or not got.exact:
                continue
            error = data_fit.spec_error(want.shape, got.shape, index)
            if error is not None:
                return error
        return None

    def refused(self, cid: int) -> int:
        """The output of a composite whose call Keras refuses before any layer runs (its
        `error`): a tensor of unknown shape."""
        out = self.new_tensor()
        self.end_composite(cid, [out])
        return out

    def end_composite(self, cid: int, outputs: Sequence[int]) -> None:
        for index, tid in enumerate(outputs):
            self._add_edge(cid, tid, index=index, composite=True)
        call = self.call(cid)
        shape = self.tensor(outputs[0]).shape if outputs else None
        reason = call.fact.unknown_reason if shape is None else None
        fact = evolve(call.fact, output_shape=shape, unknown_reason=reason)
        self._set(cid, evolve(call, fact=fact))

    def join(self, a: int, b: int) -> int:
        """The tensor after an `if` noiselint cannot decide: what both branches agree on."""
        if a == b:
            return a
        ta, tb = self.tensor(a), self.tensor(b)
        shape = join_shapes(ta.shape, tb.shape)
        tid = self.new_tensor(shape, ta.exact and tb.exact and ta.shape == tb.shape,
                              ta.layout if ta.layout == tb.layout else None)
        self._add_edge(a, tid, join=True)
        self._add_edge(b, tid, join=True)
        return tid

    def refine(self, tid: int, shape: Shape) -> int:
        """The tensor `tid` with the shape a saved or live model records for it (what Keras
        computed when it built the model), for when noiselint could not infer it."""
        old = self.tensor(tid)
        new = self.new_tensor(shape, True, old.layout)
        self._add_edge(tid, new, join=True)
        return new

    def data_call(self, fact: DataFact, inputs: Sequence[int] = ()) -> int:
        """A data call or array operation (model/data_calls.py) and its outcome; `inputs`:
        the model input tensors the data meets."""
        nid = self._add(DataNode(fact))  # type: ignore[arg-type]
        for index, tid in enumerate(inputs):
            self._add_edge(tid, nid, index=index, data=True)
        return nid

    def record_site(self, site: cst.Call, shape: Shape | None, rank_only: bool = False) -> None:
        """A dropout site saw `shape`; a site applied several times keeps what all the
        applications with a known input agree on. One whose input is unknown (or whose
        noise_shape reads differently) says nothing, so a finding still holds for the
        applications that gave the shape. `rank_only`: only the rank of `shape` holds for
        what the rules read; it is used where no application lends more, and only if every
        application agrees on it."""
        if shape is not None and rank_only:
            self._site_ranks.setdefault(site, set()).add(len(shape))
            return
        if shape is not None:
            self._sites[site] = join_shapes(self._sites[site], shape) if site in self._sites else shape
            paths = self._site_paths.setdefault(site, [])
            if shape not in paths:
                paths.append(shape)

    def record_shape_read(self, call: cst.Call, shape: Shape | None) -> None:
        """`tf.shape(x)` read a tensor of `shape`; a call run several times keeps what all
        the runs agree on, and one run on an unknown shape makes it unknown."""
        before = self._shape_reads.get(call, shape) if call in self._shape_reads else shape
        self._shape_reads[call] = join_shapes(before, shape)

    def name(self, tid: int, name: str) -> None:
        """Show the call that produced `tid` under the variable it is bound to: the outermost
        one, when a composite (a custom layer, a Sequential applied as a layer) and the last
        call inside it both lead to `tid`; an input keeps its own name unless it is alone."""
        data, names, makers = self._data, self._names, self._pred[tid]
        if len(makers) == 1:  # most tensors: one call made it, the outermost and alone
            for cid in makers:
                if cid not in names and type(data[cid]) is CallNode:
                    names[cid] = name
            return
        calls = [(cid, call) for cid in makers if type(call := data[cid]) is CallNode]
        outer = min((call.fact.depth for _, call in calls), default=0)
        for cid, call in calls:
            if cid not in names and call.fact.depth == outer and (call.kind != "input" or len(calls) == 1):
                names[cid] = name

    # models -----------------------------------------------------------------------------

    def calls_into(self, outputs: Iterable[int]) -> list[int]:
        """Every call that feeds `outputs`, in the order the code made them."""
        starts = list(outputs)
        if any(type(self._data[t]) is CallNode for t in starts):  # never so far: see `_reached`
            seen = self._networkx_reached(starts, both=False)
        else:
            seen = self._reached(starts, self._pred)
        data = self._data
        return sorted([n for n in seen if type(data[n]) is CallNode])

    def calls_from(self, inputs: Iterable[int]) -> list[int]:
        """Every call `inputs` feed (and the calls that made them), in the order the code
        made them."""
        starts = list(inputs)
        if any(type(self._data[t]) is CallNode for t in starts):  # never so far: see `_reached`
            seen = self._networkx_reached(starts, both=True)
        else:
            seen = self._reached(starts, self._succ) | self._reached(starts, self._pred)
        data = self._data
        return sorted([n for n in seen if type(data[n]) is CallNode])

    def _networkx_reached(self, starts: Sequence[int], both: bool) -> set[int]:
        """The union of networkx's `ancestors` (and `descendants`, `both`) of each start: what
        `_reached` stands for, kept for a start that is a call in a cycle, where they differ."""
        import networkx as nx

        graph, seen = self.graph, set[int]()
        for tid in starts:
            seen |= nx.ancestors(graph, tid)
            if both:
                seen |= nx.descendants(graph, tid)
        return seen

    @staticmethod
    def _reached(starts: Sequence[int], adjacency: dict[int, dict[int, dict[str, Any]]]) -> set[int]:
        """The nodes one step or more from any of `starts` along `adjacency`: one walk for
        all of them, where `nx.ancestors` per start (behind networkx's dispatch) walked the
        shared part of a model once per output. The union of `nx.ancestors` of each start
        but for a start reached only from itself (a cycle: a custom layer returning its
        input), which `nx.ancestors` leaves out: callers pass tensors, never in the calls
        the result is read for."""
        seen: set[int] = set()
        stack = list(starts)
        pop, push, add = stack.pop, stack.append, seen.add
        while stack:
            for node in adjacency[pop()]:
                if node not in seen:
                    add(node)
                    push(node)
        return seen

    def calls_since(self, first: int) -> list[int]:
        """The calls made after node id `first` (a subclassed model's `call`)."""
        return [n for n in range(first + 1, self._next + 1)
                if isinstance(self._data[n], CallNode)]

    @property
    def last_id(self) -> int:
        return self._next

    def add_model(self, name: str, node: cst.CSTNode, kind: str, calls: Sequence[int]) -> None:
        self._models.append(_ModelRecord(name, node, kind, list(calls)))

    def _fact(self, cid: int) -> LayerFact:
        """A call's fact, with whether its first output's shape is exact (graph.py keeps that
        on the tensor: exact only if every input was)."""
        data = self._data  # `call`, without its call: once per call a model holds
        fact: LayerFact = data[cid].fact  # type: ignore[union-attr]
        name = self._names.get(cid, fact.name)
        # Each out-edge with its data in one dict (an `edges[cid, t]` per edge is a Python call
        # each); the first tensor at index 0 is the first output.
        exact = False
        for t, edge in self._succ[cid].items():
            if edge.get("index") == 0 and type(node := data[t]) is TensorNode:
                exact = node.exact
                break
        kind = fact.kind
        if kind != "op" and (fact.error is None or kind not in ("layer", "composite")):
            # Most calls: only the name and the exactness are the graph's to add (one copy,
            # none when neither changes).
            if exact == fact.output_exact:
                return fact if name is fact.name else evolve(fact, name=name)
            return evolve(fact, name=name, output_exact=exact)
        # Inside a model applied as a layer, or a model its data builds (where a failure
        # shows at the data call, NL201): not at the layer's line.
        outer = self._outer_model_call(cid)
        by_data = cid in self._built_by_data
        building = outer is not None and outer in self._building_calls and not by_data
        return evolve(fact, name=name, output_exact=exact, sources=self._sources(cid),
                      in_model_call=by_data or outer is not None,
                      model_call=self.call(outer).fact.node if building else None,  # type: ignore[arg-type]
                      model_name=self.call(outer).fact.layer if building else "")  # type: ignore[arg-type]

    def built_by_data(self, calls: Iterable[int]) -> None:
        """These calls are a Sequential without an input built by `fit`/`predict` on the data's
        shape: a failure among them shows at that data call (NL201), not at the layer's line."""
        self._built_by_data.update(calls)

    def _outer_model_call(self, cid: int) -> int | None:
        """The outermost model applied as a layer that call `cid` runs inside, if any (not a
        custom layer's `call`, whose lines are where its failures show)."""
        outer = None
        data = self._data  # `call`, read directly: once per failing call and its parents
        parent = data[cid].parent  # type: ignore[union-attr]
        while parent is not None:
            if parent in self._model_calls:
                outer = parent
            parent = data[parent].parent  # type: ignore[union-attr]
        return outer

    def _sources(self, cid: int) -> tuple[Source | None, ...]:
        """The call that made each input of call `cid` (for messages: where an input came
        from); a custom layer's or nested model's call rather than the call inside it."""
        inputs = sorted((data.get("index", 0), tid) for tid, data in self._pred[cid].items())
        found: list[Source | None] = []
        for _, tid in inputs:
            made_by = self._pred[tid]
            if len(made_by) == 1:  # most tensors: the one call (or join) that made it
                maker = next(iter(made_by))
                if type(self._data[maker]) is not CallNode:
                    maker = None
            else:
                makers = [p for p in made_by if isinstance(self._data[p], CallNode)]
                outer = [p for p in makers if made_by[p].get("composite")]
                maker = (outer or makers or [None])[0]
            if maker is None:
                found.append(None)
                continue
            made = self.call(maker).fact
            label = "Input" if made.layer == "InputLayer" else made.layer
            found.append(Source(label, made.call or made.node, self._names.get(maker, made.name)))
        return tuple(found)

    def _producers(self, tid: int, seen: set[int] | None = None) -> list[int]:
        """The calls whose output is tensor `tid`, through the tensors an undecided `if`
        joined (or a saved model refined) on the way."""
        makers = self._pred[tid]
        if seen is None and len(makers) == 1:  # most tensors: the one call that made it
            for node in makers:
                if type(self._data[node]) is CallNode:
                    return [node]
        seen = set() if seen is None else seen
        found: list[int] = []
        for node in makers:
            if node in seen:
                continue
            seen.add(node)
            if isinstance(self._data[node], CallNode):
                found.append(node)
            else:
                found.extend(self._producers(node, seen))
        return found

    def _wiring(self, calls: Sequence[int]) -> dict[str, Any]:
        """A model's edges and parents by index into `calls` (ModelFact.edges, .parents)."""
        index = {cid: i for i, cid in enumerate(calls)}
        edges: dict[tuple[int, int], None] = {}
        data, pred = self._data, self._pred
        for cid in calls:
            at = index[cid]
            for tid in pred[cid]:
                # `_producers(tid)`, without its call and list when calls alone made the tensor
                # (most tensors: one call, or a custom layer's and the last call inside it).
                producers: Iterable[int] = (makers := pred[tid])
                for maker in makers:
                    if type(data[maker]) is not CallNode:
                        producers = self._producers(tid)
                        break
                for producer in producers:
                    if producer in index and producer != cid:
                        edges[(index[producer], at)] = None
        parents = tuple(index.get(parent) if (parent := data[cid].parent) is not None  # type: ignore[union-attr]
                        else None for cid in calls)
        return {"edges": tuple(edges), "parents": parents}

    def facts(self, warnings: Sequence[str] = ()) -> ShapeFacts:
        models: list[ModelFact] = []
        shown: set[tuple[object, ...]] = set()
        for m in self._models:
            model = ModelFact(m.name, m.node, tuple(map(self._fact, m.calls)), m.kind,
                              **self._wiring(m.calls))
            # A builder run twice on the same shapes makes the same model twice: show it once.
            key = (id(m.node), *((id(f.node), f.input_shapes, f.output_shape) for f in model.layers))
            if key not in shown:
                shown.add(key)
                models.append(model)
        placed = {c for m in self._models for c in m.calls}
        # `_data`'s keys are the node ids in increasing order (`_add` numbers them in order):
        # the calls no model holds and the data calls, in one pass over every node.
        loose: list[int] = []
        judged: list[DataFact] = []
        for n, node in self._data.items():
            kind = type(node)
            if kind is CallNode:
                if n not in placed:
                    loose.append(n)
            elif kind is DataNode:
                judged.append(node.fact)  # type: ignore[union-attr]
        if loose:
            first = self.call(loose[0]).fact.node
            models.append(ModelFact("", first, tuple(map(self._fact, loose)), **self._wiring(loose)))
        shapes = {site: shape for site, shape in self._sites.items() if shape is not None}
        for site, ranks in self._site_ranks.items():
            full = {len(shapes[site])} if site in shapes else set()
            if len(ranks | full) != 1 or (site in self._sites and site not in shapes):
                shapes.pop(site, None)  # the applications disagree on the rank
            elif site not in shapes:
                shapes[site] = (None,) * ranks.pop()
        paths = {site: tuple(found) for site, found in self._site_paths.items() if len(found) > 1}
        reads = {call: shape for call, shape in self._shape_reads.items() if shape is not None}
        return ShapeFacts(shapes, tuple(models), (*self._oracle.warnings(), *warnings), paths,
                          shape_reads=reads, data_calls=tuple(judged))


def lent_shape(shape: Shape | None, site_ok: SiteOk) -> Shape | None:
    """What a dropout application tells the rules about its site's input. A noise_shape
    that reads with other sizes here than without context (a builder's parameter that is
    unknown when nothing calls it, or has a default) but with the same length lends the rank
    alone: every size unknown, so no rule judges a size that is not the one it reads."""
    if shape is None or site_ok is False:
        return None
    return (None,) * len(shape) if site_ok == "rank" else shape


def _data_format(entry: LayerEntry | None, config: dict[str, object]) -> str | None:
    """The layout a layer reads, from its fact's `config` (the last `data_format` given, as
    `spec.arguments` reads it; a tuple there is a list, neither layout either way)."""
    if entry is None or entry.spatial_rank is None:
        return None
    if not entry.data_format:
        return DEFAULT_DATA_FORMAT  # SpatialDropout1D, Cropping1D, UpSampling1D: always last
    value = config.get("data_format")
    return value if value in ("channels_first", "channels_last") else None  # type: ignore[return-value]


def _output_layout(spec: LayerSpec, entry: LayerEntry | None, inputs: Sequence[TensorNode],
                   outcome: ShapeOutcome, data_format: str | None) -> TensorLayout | None:
    """Where the channels of the output are, as far as it is certain (NL010)."""
    if entry is None or not inputs or entry.layout is Layout.DROPS:
        return None
    first_in = inputs[0].shape
    out = outcome.outputs[0] if outcome.outputs else None
    out_rank = len(out) if out is not None else len(first_in) if first_in is not None else None
    layout = entry.layout
    if layout is Layout.KEEPS:  # the most applied (activations, normalization, merges)
        # An input of lower rank broadcasts into the others (`Add()([maps, pooled])`, a
        # squeeze-and-excite without its Reshape): it does not say where the channels are.
        # What the set of their layouts held, when it held one: the first (the one a set
        # keeps), found without hashing each (a frozen dataclass's `__hash__` runs in Python).
        kept: TensorLayout | None = None
        found = False
        for t in inputs:
            if t.shape is None or out_rank is None or len(t.shape) >= out_rank:
                if not found:
                    kept, found = t.layout, True
                elif t.layout is not kept and t.layout != kept:
                    return None
        return kept
    fits = entry.spatial_rank is not None and out_rank == entry.spatial_rank + 2
    if layout is Layout.DEFINES:
        return TensorLayout(data_format, spec.class_name, spec.node) if fits and data_format else None
    if layout is Layout.READS:
        if first_in is None or out_rank != len(first_in):
            return None  # global pooling: no spatial axes left
        if inputs[0].layout is not None:
            return inputs[0].layout  # pooling and padding leave the channels where they are
        return TensorLayout(data_format, spec.class_name, spec.node, assumed=True) \
            if fits and data_format else None
    return None

"""The call half of the model-code interpreter: Keras constructors (layers, `Input`,
`Model`, `Sequential`), applying layers and models to tensors, the dropout functions, the
few builtins model code loops with, and methods of models and lists. User functions and
classes run in `model/interpreter.py`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial

from noiselint.apis.dropout import Api, api_for
from noiselint.model.builtin_calls import builtin
from noiselint.model.data_calls import DATA_METHODS, DataCalls, classes_last_axis, keras_loss
from noiselint.model.data_values import Array, Dataset, DatasetModule
from noiselint.model.exprs import MAX_EVALS, Args, iterate, make_sequence
from noiselint.model.graph import BudgetExceeded, ModelGraph
from noiselint.model.tf_calls import TfCalls
from noiselint.model.values import (
    ClassRef,
    Frame,
    FunctionalModel,
    FunctionRef,
    InputLayerObj,
    Instance,
    Items,
    LayerObj,
    LossObj,
    Obj,
    SequentialModel,
    Tensor,
    to_config,
    to_shape,
    unknown_items,
)
from noiselint.shapes.catalog import (
    CATALOG,
    DEFAULT_DATA_FORMAT,
    INPUT_SHAPE_ARGS,
    LEGACY_SHAPE_ARGS,
    Layout,
    is_keras_layer_name,
    keras_kind,
    layer_class,
    merge_function,
)
from noiselint.shapes.facts import Shape
from noiselint.shapes.keras_ops import keras_op_name
from noiselint.shapes.specs import PLAIN_VALUES, ConfigValue, LayerSpec
from noiselint.shapes.tf_ops import tf_name
from noiselint.sites.dropout import Site, Sites
from noiselint.syntax import nodes as cst
from noiselint.syntax.parse import ParsedModule
from noiselint.values.evaluate import TF_SHAPE_FUNCTIONS, Evaluator
from noiselint.values.kinds import Const, Seq, Unknown

_KERAS1 = "Keras 1 read this argument differently, so the shape depends on which Keras runs it"

# Functions that return a tensor's shape (keras-facts §1.6): sizes, not a tensor to track.
SHAPE_FUNCTIONS = TF_SHAPE_FUNCTIONS | {"keras.ops.shape", "keras.src.ops.shape", "keras.src.ops.core.shape",
                                        "tensorflow.keras.ops.shape"}
# Keras 2 / tf-keras `K.int_shape(x)`: the static shape as a tuple (None for a dynamic
# size), what `x.shape` gives; a helper, never a layer call.
INT_SHAPE = frozenset(f"{root}.backend.int_shape" for root in
                      ("keras", "tensorflow.keras", "tf_keras", "tensorflow.python.keras",
                       "tensorflow.compat.v1.keras"))
_PADDINGS = frozenset({"valid", "same", "causal"})  # what Keras 3 accepts as `padding=`, in any case
_NO_OPS = frozenset({"compile", "fit", "summary", "evaluate", "save", "save_weights", "load_weights"})
_NO_BATCH = Const(None)  # `batch_size=` not given, as the shape readers below read it (never returned)


# One way a library call may be answered (`KerasCalls._route`): None when it does not apply.
_Step = Callable[[cst.Call, Frame], Obj | None]


class _Plan:
    """What a call node is whatever the frame, read when it is first evaluated: a loop
    unrolled or a function called again evaluates the same node many times."""

    __slots__ = ("direct", "feed", "library", "node", "parsed", "root", "super_owner")

    def __init__(self, node: cst.Call, parsed: ParsedModule) -> None:
        self.node, self.parsed = node, parsed  # the node kept, so that its id is not reused
        self.feed = False
        for arg in node.args:
            if arg.keyword is not None and arg.keyword.value == "feed_dict":
                self.feed = True
                break
        # A method call (`self.drop(x)`, `model.add(d)`, `super().__init__()`): the name its
        # owner starts from (None if it starts from no name), whether the owner is that name
        # itself, and whether it is `super()` (`KerasCalls._method`, on every such call).
        self.root: str | None = None
        self.direct = False
        self.super_owner = False
        func = node.func
        if type(func) is cst.Attribute:  # exact classes: see `KerasCalls.call`
            owner = func.value
            self.super_owner = type(owner) is cst.Call and \
                "builtins.super" in parsed.qualified_names(owner.func)  # type: ignore[attr-defined]
            root = owner
            while type(root) is cst.Attribute or type(root) is cst.Subscript:
                root = root.value  # type: ignore[attr-defined]
            if type(root) is cst.Name:
                self.root, self.direct = root.value, root is owner  # type: ignore[attr-defined]
        # The routes of the called name's qualified names (`KerasCalls._library_names`),
        # read when first needed: a call of a local function never needs them.
        self.library: tuple[tuple[_Step, ...], ...] | None = None


class KerasCalls(DataCalls, TfCalls):
    def __init__(self, parsed: ParsedModule, evaluator: Evaluator, graph: ModelGraph, sites: Sites) -> None:
        super().__init__(parsed, evaluator, graph)
        self.sites: dict[cst.Call, Site] = {s.call: s for s in sites.calls}
        self.models: list[SequentialModel | FunctionalModel] = []
        self._plans: dict[int, _Plan] = {}  # by id of the call node, which the plan keeps
        self._routes: dict[str, tuple[_Step, ...]] = {}  # by qualified name (`_route`)

    # implemented by model_code.Interpreter
    def run(self, func: FunctionRef, args: Args, frame: Frame, composite: int | None = None) -> Obj:
        raise NotImplementedError

    def instantiate(self, cls: ClassRef, args: Args, node: cst.Call, frame: Frame) -> Obj:
        raise NotImplementedError

    def apply_instance(self, inst: Instance, args: Args, node: cst.CSTNode, frame: Frame) -> Obj:
        raise NotImplementedError

    def build_instance(self, inst: Instance, args: Args, node: cst.CSTNode, frame: Frame) -> Obj:
        raise NotImplementedError

    def realize_sequential(self, seq: SequentialModel, start: int | None, node: cst.CSTNode,
                           parent: int | None, first: bool = False, certain: bool = True) -> int:
        raise NotImplementedError

    # dispatch ---------------------------------------------------------------------------

    def call(self, node: cst.Call, frame: Frame) -> Obj:
        key = id(node)
        plan = self._plans.get(key)
        if plan is None or plan.parsed is not self.parsed:
            plan = self._plans[key] = _Plan(node, self.parsed)
        func = node.func
        if plan.feed:
            self.feed_call(node, frame)  # TF 1 `sess.run(..., feed_dict={x: batch})`
        # Exact classes (libcst's are final): a failed `isinstance` against a libcst class
        # is a call of ABCMeta.__instancecheck__, and this runs for every call evaluated.
        func_type = type(func)
        bound = frame.lookup(func.value) if func_type is cst.Name else None  # type: ignore[union-attr]
        if bound is not None and type(bound) is not Unknown:
            return self.call_object(bound, node, self.args(node, frame), frame)
        if bound is not None:
            # `Dropout = layers.Dropout` binds nothing the interpreter holds; the name's
            # qualified names follow the alias to the library.
            names = self.parsed.qualified_names(func)
            known = self._library(next(iter(names)), node, frame) if len(names) == 1 else None
            return known if known is not None else self.call_object(bound, node, self.args(node, frame), frame)
        if func_type is cst.Attribute:
            # `_method` answers None for an owner that starts from a name bound nowhere here
            # (`layers.Dense`, `tf.nn.dropout`: most method calls), found without its call.
            root = plan.root
            owner = frame.lookup(root) if root is not None else None
            if root is None or owner is not None:
                handled = self._method(func, node, frame, plan, owner)  # type: ignore[arg-type]
                if handled is not None:
                    return handled
        if func_type is cst.Name or func_type is cst.Attribute:
            library = plan.library
            if library is None:
                library = plan.library = self._library_names(func)
            for route in library:
                for step in route:
                    known = step(node, frame)
                    if known is not None:
                        return known
            defined = self.project_object(func)  # a builder or class of another project module
            if defined is not None:
                return self.call_object(defined, node, self.args(node, frame), frame)
        name = func.value if func_type is cst.Name else func.attr.value if func_type is cst.Attribute \
            else ""  # type: ignore[union-attr]
        if name[:1].isupper():
            # A class from another module (`from blocks import MyBlock`, `keras.applications.VGG16`):
            # if it is applied to a tensor it is a layer noiselint cannot see into.
            self.args(node, frame)
            names = self.parsed.qualified_names(func)
            keras = any(q.startswith(("keras.", "tensorflow.", "tf_keras.")) for q in names)
            why = f"`{name}` is not in noiselint's allow-list" if keras else f"custom layer `{name}`"
            module = next(iter(names)).rpartition(".")[0] if len(names) == 1 else ""
            if not keras and module and self.parsed.project is not None:
                # Looked for in the project and not there: an installed package's layer.
                why = f"`{name}` comes from `{module}`, which is not in the project"
            return LayerObj(LayerSpec(name, node, custom=why))
        callee = self.eval(func, frame) if func_type is not cst.Name else \
            Unknown(f"`{func.value}` is not a function noiselint can see")
        return self.call_object(callee, node, self.args(node, frame), frame)

    def _library_names(self, func: cst.BaseExpression) -> tuple[tuple[_Step, ...], ...]:
        """The routes (`_route`) of the called function's qualified names, in sorted order,
        the names no library table holds left out: what `_library` asks of each in turn."""
        routes = []
        for qualified in sorted(self.parsed.qualified_names(func)):
            route = self._route(qualified)
            if route:
                routes.append(route)
        return tuple(routes)

    def args(self, node: cst.Call, frame: Frame) -> Args:
        positional: list[Obj] = []
        keywords: dict[str, Obj] = {}
        why: str | None = None  # `Args.star`
        evaluate, own, meter = self.eval, frame.vars, self._meter
        for arg in node.args:
            expr = arg.value
            # A name the frame binds itself (most arguments): `eval`'s first answer and its
            # step, without its call.
            value = own.get(expr.value) if type(expr) is cst.Name else None  # type: ignore[attr-defined]
            if value is not None:
                meter.steps += 1
                if meter.steps >= meter.due and not meter.reached():
                    raise BudgetExceeded(f"more than {MAX_EVALS} expressions evaluated")
            else:
                value = evaluate(expr, frame)
            star = arg.star
            if not star:  # most arguments: `""`
                keyword = arg.keyword
                if keyword is not None:
                    keywords[keyword.value] = value
                else:
                    positional.append(value)
            elif star == "*":
                spread = iterate(value)
                if spread is None:
                    why = "`*args` that are not static"
                else:
                    positional.extend(spread)
            elif star == "**":
                why = "`**kwargs`"
        return Args(positional, keywords, why)

    def call_object(self, callee: Obj, node: cst.Call, args: Args, frame: Frame) -> Obj:
        if type(callee) is Unknown:  # the callee most often met: none of the kinds below
            return self.unknown_call(args, node, frame, callee)
        if isinstance(callee, LayerObj):
            return self.apply_layer(callee, args, frame, node)
        if isinstance(callee, LossObj):  # `loss_fn = keras.losses.CategoricalCrossentropy()`, then `loss_fn(y, pred)`
            return self.loss_call(callee.loss, args, node)
        if isinstance(callee, (SequentialModel, FunctionalModel)):
            first = args.positional[0] if args.positional else args.keywords.get("inputs")
            if isinstance(first, Array) or (isinstance(first, Items)
                                            and any(isinstance(i, Array) for i in first.items)):
                return self.model_on_array(callee, args, node, frame)  # eager `model(x)` on NumPy data
            return self.apply_model(callee, args, node, frame)
        if isinstance(callee, Instance):
            return self.apply_instance(callee, args, node, frame)
        if isinstance(callee, FunctionRef):
            return self.run(callee, args, frame)
        if isinstance(callee, ClassRef):
            return self.instantiate(callee, args, node, frame)
        reason = callee if isinstance(callee, Unknown) else self.quoted("`{}` is not callable here", node.func)
        return self.unknown_call(args, node, frame, reason)

    def unknown_call(self, args: Args, node: cst.CSTNode, frame: Frame, reason: str | Unknown,
                     label: str | None = None) -> Obj:
        """A call noiselint cannot see into: on tensors, an opaque node of unknown shape.
        `reason` an Unknown: its reason, still unmade if it is (`Unknown.quoting`)."""
        given = [*args.positional, *args.keywords.values()]
        for obj in given:
            if isinstance(obj, (Tensor, Items)):
                break
        else:  # most calls noiselint cannot see into are given no tensor: no walk for them
            return reason.again() if isinstance(reason, Unknown) else Unknown(reason)
        tensors = [t.id for t in _tensors(given)]
        if not tensors or _keeps_no_tensor(node):
            return reason.again() if isinstance(reason, Unknown) else Unknown(reason)
        if label is None:
            label = " ".join(self.code(node.func if isinstance(node, cst.Call) else node).split())
        return Tensor(self.graph.opaque(label, node, tensors, f"`{label}` is not a Keras layer noiselint knows",
                                        frame.composite))

    # library calls ------------------------------------------------------------------------

    def _library(self, qualified: str, node: cst.Call, frame: Frame) -> Obj | None:
        """A call of the library function or class `qualified`; None for a name noiselint
        does not model."""
        for step in self._route(qualified):
            known = step(node, frame)
            if known is not None:
                return known
        return None

    def _route(self, qualified: str) -> tuple[_Step, ...]:
        """What may answer a call of `qualified`, in the order asked: which of the library's
        tables hold a name depends on the name alone, so they are read once per name and
        run, not again for each call a loop or a function called again evaluates. A step
        answers None when it does not apply to this call (a loss class constructed with
        `axis=`, a TF or `keras.ops` name noiselint does not model)."""
        route = self._routes.get(qualified)
        if route is None:
            route = self._routes[qualified] = self._new_route(qualified)
        return route

    def _new_route(self, qualified: str) -> tuple[_Step, ...]:
        steps: list[_Step] = []
        array = self.array_maker(qualified)
        if array is not None:
            steps.append(array)
        loss = keras_loss(qualified)
        if loss is not None and qualified.rsplit(".", 1)[-1][:1].isupper():
            steps.append(partial(self._loss_object, loss))
        cls = layer_class(qualified)
        if cls is not None:
            return (*steps, partial(self._construct, cls))
        merge = merge_function(qualified)
        if merge is not None:
            return (*steps, partial(self._merge_function, merge[0], merge[1]))
        kind = keras_kind(qualified)
        made = {"Input": self._input, "InputLayer": self._input_layer, "Model": self._functional,
                "Sequential": self._sequential}.get(kind) if kind is not None else None
        if made is not None:
            return (*steps, made)
        api = api_for(qualified)
        if api is not None and not api.is_layer:
            return (*steps, partial(self._dropout_function, api))
        if qualified in SHAPE_FUNCTIONS:
            return (*steps, self._shape_of)
        if qualified in INT_SHAPE:
            return (*steps, self._int_shape)
        tf = tf_name(qualified)
        if tf is not None:
            steps.append(partial(self.tf_call, tf))
        op = keras_op_name(qualified)
        if op is not None:
            steps.append(partial(self.keras_op_call, op))
        if is_keras_layer_name(qualified):
            return (*steps, partial(self._unlisted_layer, qualified.rsplit(".", 1)[-1]))
        if qualified.startswith("builtins."):
            return (*steps, partial(self._builtin, qualified[len("builtins."):]))
        return tuple(steps)

    def _loss_object(self, loss: str, node: cst.Call, frame: Frame) -> Obj | None:
        if classes_last_axis(node):
            return LossObj(loss)  # a loss class's instance (its functions are not modelled)
        return None

    def _unlisted_layer(self, name: str, node: cst.Call, frame: Frame) -> Obj:
        self.args(node, frame)
        why = "`Lambda` runs user code" if name == "Lambda" else f"`{name}` is not in noiselint's allow-list"
        return LayerObj(LayerSpec(name, node, custom=why))

    def _construct(self, cls: str, node: cst.Call, frame: Frame) -> LayerObj:
        """`Conv2D(64, 3, ...)`: the layer with its static arguments."""
        return self.layer_from_args(cls, node, self.args(node, frame))

    def layer_from_args(self, cls: str, node: cst.Call, args: Args) -> LayerObj:
        entry = CATALOG[cls]
        bound = dict(zip(entry.params, args.positional, strict=False))
        bound.update(args.keywords)
        config: list[tuple[str, ConfigValue]] = []
        unknown: list[tuple[str, str]] = []
        if len(args.positional) > len(entry.params):
            unknown.append((f"#{len(entry.params) + 1}", "a positional argument noiselint does not map"))
        for name, obj in bound.items():
            value: ConfigValue | Unknown
            if name in LEGACY_SHAPE_ARGS and name not in entry.params:  # Embedding's `output_dim` is its own
                value = Unknown(_KERAS1)
            elif type(obj) is Const and type(obj.value) in PLAIN_VALUES:
                value = obj.value  # `to_config` of a plain constant (most arguments), without its call
            else:
                value = to_config(obj)
            if isinstance(value, Unknown):
                unknown.append((name, value.reason))
            elif name not in INPUT_SHAPE_ARGS or name in entry.params:  # Embedding's `input_dim` is its own
                config.append((name, value))
        if args.star:
            unknown.extend((p, args.star) for p in sorted(entry.shape_params) if p not in bound)
        if entry.layout is Layout.DEFINES and _keras1_kernel(args.positional):
            unknown.append(("strides", _KERAS1))
        given = bound.get("data_format")
        default_format = entry.data_format and (given is None or (isinstance(given, Const) and given.value is None))
        if default_format:
            if given is not None:  # `data_format=None`: Keras's default in its place
                config = [(k, v) for k, v in config if k != "data_format"]
            config.append(("data_format", DEFAULT_DATA_FORMAT))
        site = self.sites.get(node)
        # Most layers declare no input shape: no `_declared_input` call for them.
        declared = None if bound.keys().isdisjoint(_DECLARING) else \
            _declared_input(bound, "input_dim" not in entry.params)
        spec = LayerSpec(cls, node, tuple(config), tuple(unknown), site=node if site else None,
                         input_shape=declared, data_format_default=default_format)
        mask, ok = self._site_mask(site, bound.get("noise_shape")) if site else (None, True)
        return LayerObj(spec, mask, ok)

    def _site_mask(self, site: Site, noise: Obj | None) -> tuple[Shape | None, bool | str]:
        """The noise_shape as it reads here, and whether the rules, which read it without
        this context, see the same certain values (else this call must not lend the site
        its input shape, or only its rank when the lengths agree: see ModelGraph.apply)."""
        node = site.arg("noise_shape")
        if node is None:
            return None, True
        plain = self.evaluator.evaluate(node)
        context = noise if noise is not None else Unknown("not given")
        shape = to_shape(context)
        mask = shape[0] if shape is not None and shape[1] else None
        if not isinstance(plain, Seq):
            return mask, True
        if not isinstance(context, Seq) or len(context.items) != len(plain.items):
            return mask, False
        same = all(not isinstance(p, Const) or (isinstance(c, Const) and c.value == p.value
                                                  and type(c.value) is type(p.value))
                   for c, p in zip(context.items, plain.items, strict=False))
        return mask, True if same else "rank"

    def _merge_function(self, cls: str, params: tuple[str, ...], node: cst.Call, frame: Frame) -> Obj:
        """`layers.concatenate([a, b], axis=1)`: construct the merge layer and apply it."""
        args = self.args(node, frame)
        bound = dict(zip(params, args.positional, strict=False))
        bound.update(args.keywords)
        inputs = bound.pop("inputs", Unknown("no inputs"))
        layer_args = Args(keywords=bound, star=args.star)
        config = [(k, to_config(v)) for k, v in layer_args.keywords.items()]
        spec = LayerSpec(cls, node, tuple((k, v) for k, v in config if not isinstance(v, Unknown)),
                         tuple((k, v.reason) for k, v in config if isinstance(v, Unknown)))
        return self.apply_layer(LayerObj(spec), Args([inputs]), frame, node)

    def _input(self, node: cst.Call, frame: Frame) -> Obj:
        args = self.args(node, frame)
        bound = dict(zip(("shape", "batch_size"), args.positional, strict=False))
        bound.update(args.keywords)
        shape, exact, reason = _input_shape(bound, "shape", "batch_shape", args.star)
        return Tensor(self.graph.input_layer(node, shape, exact, reason, frame.composite,
                                             unknown_axes=_input_unknown_axes(bound) if shape is not None else None))

    def _input_layer(self, node: cst.Call, frame: Frame) -> Obj:
        args = self.args(node, frame)
        bound = dict(zip(("shape", "batch_size"), args.positional, strict=False))
        bound.update(args.keywords)
        key = "input_shape" if "input_shape" in bound else "shape"
        batch_key = "batch_input_shape" if "batch_input_shape" in bound else "batch_shape"
        shape, exact, _ = _input_shape(bound, key, batch_key, args.star)
        return InputLayerObj(node, shape, exact)

    def _functional(self, node: cst.Call, frame: Frame) -> Obj:
        args = self.args(node, frame)
        bound = dict(zip(("inputs", "outputs"), args.positional, strict=False))
        bound.update(args.keywords)
        if "inputs" not in bound or "outputs" not in bound:
            return Unknown("a Model without inputs and outputs")
        inputs = tuple(t.id for t in _tensors([bound["inputs"]]))
        model = FunctionalModel(node, inputs, bound["outputs"], _static_name(bound))
        self.models.append(model)
        return model

    def _sequential(self, node: cst.Call, frame: Frame) -> Obj:
        args = self.args(node, frame)
        bound = dict(zip(("layers", "trainable", "name"), args.positional, strict=False))
        bound.update(args.keywords)
        model = SequentialModel(node, self.tick(), name=_static_name(bound))
        if "layers" in bound and bound["layers"] != Const(None):
            items = iterate(bound["layers"])
            model.layers = [(item, "") for item in items] if items is not None else \
                [(Unknown("the layer list is not static"), "")]
        self.models.append(model)
        return model

    def _dropout_function(self, api: Api, node: cst.Call, frame: Frame) -> Obj:
        """`tf.nn.dropout(x, ...)`, `keras.random.dropout(x, ...)`: same shape out."""
        args = self.args(node, frame)
        bound = dict(zip(api.params, args.positional, strict=False))
        bound.update(args.keywords)
        tensor = bound.get(api.input_param or "")
        site = self.sites.get(node)
        if not isinstance(tensor, Tensor):
            return Unknown("dropout of something that is not a known tensor")
        mask, ok = self._site_mask(site, bound.get("noise_shape")) if site else (None, True)
        return Tensor(self.graph.passthrough(api.label, node, tensor.id, site=node if site else None,
                                             mask=mask, site_ok=ok, parent=frame.composite))

    def _shape_of(self, node: cst.Call, frame: Frame) -> Obj:
        """`keras.ops.shape(x)`, `tf.shape(x)`: the sizes known statically; a `None` may be a
        run-time tensor here (inside `call`), so it stays unknown."""
        args = self.args(node, frame)
        first = args.positional[0] if args.positional else None
        self.graph.record_shape_read(node, self.graph.tensor(first.id).shape if isinstance(first, Tensor) else None)
        if not isinstance(first, Tensor):
            return Unknown("the shape of something that is not a known tensor")
        shape = self.member(first, "shape", node)
        if not isinstance(shape, Seq):
            return shape
        return Seq(tuple(i if isinstance(i, Const) and i.value is not None else Unknown("known at run time")
                         for i in shape.items))

    def _int_shape(self, node: cst.Call, frame: Frame) -> Obj:
        args = self.args(node, frame)
        first = args.positional[0] if args.positional else args.keywords.get("x")
        if not isinstance(first, Tensor):
            return Unknown("the shape of something that is not a known tensor")
        shape = self.member(first, "shape", node)
        return Seq(shape.items, False) if isinstance(shape, Seq) else shape  # a tuple, as Keras returns it

    def _builtin(self, name: str, node: cst.Call, frame: Frame) -> Obj:
        args = self.args(node, frame)  # once: a layer call in the arguments must not run twice
        if name == "len" and len(args.positional) == 1 and isinstance(args.positional[0], Array):
            first = args.positional[0].dims[0] if args.positional[0].dims else None
            return Const(first) if first is not None else Unknown("the length of an array noiselint does not know")
        known = builtin(name, args.positional) if not args.star and (not args.keywords or name == "print") else None
        return known if known is not None else Unknown(f"`{name}(...)` is not modelled here")

    # methods ------------------------------------------------------------------------------

    def _method(self, func: cst.Attribute, node: cst.Call, frame: Frame, plan: _Plan, bound: Obj | None) -> Obj | None:
        """`model.add(...)`, `self.drop(x)`, `outputs.append(x)`; None when the owner is not
        something the interpreter holds. `plan`: the call's, which read where its owner
        starts once; `bound`: what the frame binds that name to (`call` looked it up, and
        asks only when the owner starts from no name or from one bound here)."""
        owner_node = func.value
        if plan.super_owner:
            self.args(node, frame)
            return Const(None)  # `super().__init__(**kwargs)`
        # `self.dense(x)`, `model.add(d)`: the owner is the value just looked up.
        owner = self.eval_bound(owner_node, bound) if bound is not None and plan.direct else \
            self.eval(owner_node, frame)  # type: ignore[arg-type]
        if type(owner) is Unknown:  # the owner most often met: none of the kinds below
            return self.unknown_call(self.args(node, frame), node, frame,
                                     self.quoted("`{}(...)` is not modelled", func))
        name = func.attr.value
        # On the owner's exact class (none of these classes has a subclass): one test of
        # the class for each kind, not an `isinstance` for each of the methods below.
        kind = type(owner)
        if kind is Instance:
            if name == "build" and owner.cls.keras == "Model" and owner.cls.method("build") is None:  # type: ignore[union-attr]
                return self.build_instance(owner, self.args(node, frame), node, frame)  # type: ignore[arg-type]
            if name in _NO_OPS:
                self.args(node, frame)
                return Const(None)
        elif kind is SequentialModel or kind is FunctionalModel:
            if name in DATA_METHODS or name == "compile":
                return self.compile_call(owner, node, frame) if name == "compile" else \
                    self.data_method(owner, name, node, frame)  # type: ignore[arg-type]
            if name == "get_layer":
                return self._get_layer(owner, self.args(node, frame))  # type: ignore[arg-type]
            if kind is SequentialModel:
                return self._sequential_method(owner, name, self.args(node, frame), frame)  # type: ignore[arg-type]
            if name in _NO_OPS:
                self.args(node, frame)
                return Const(None)
        elif kind is Seq or kind is Items:
            if kind is Seq and name == "as_list" and not node.args:
                return owner  # TF 1 `TensorShape.as_list()`
            if name in _LIST_CHANGES:
                changed = self._changed_list(owner, owner_node, name, self.args(node, frame), frame)  # type: ignore[arg-type]
                if changed is not None:
                    return changed
        elif kind is Tensor:
            if name == "get_shape" and not node.args:
                return self.member(owner, "shape", func)  # TF 1: the static shape
        elif kind is Array or kind is Dataset:
            if name in ("resize", "shape") and type(owner_node) is cst.Name:  # in place: the shape changes
                self.args(node, frame)
                _rebind(frame, owner_node.value, Unknown(f"`{owner_node.value}` is resized in place"))
                return Const(None)
            return self.array_method(owner, name, node, frame)  # type: ignore[arg-type]
        elif kind is DatasetModule and name == "load_data":
            return self.array_call(owner.qualified + ".load_data", node, frame)  # type: ignore[union-attr]
        member = self.member(owner, name, func)
        if isinstance(member, (LayerObj, SequentialModel, FunctionalModel, Instance, FunctionRef, ClassRef)):
            result = self.call_object(member, node, self.args(node, frame), frame)
            # `block.build(shape)` of a Keras layer's own `build`: Keras does not build it again
            # when it is called. Only where the call runs on every path the instance exists on
            # (not on one branch of an `if` older than the instance), or its `built` would hold
            # on paths where no build ran; and only a `build` that ends in `super().build(...)`,
            # which marks the layer built in Keras 2 too (Keras 3 marks it after any `build`).
            if name == "build" and isinstance(owner, Instance) and owner.cls.keras is not None \
                    and not frame.shares(owner.born) and isinstance(member, FunctionRef) \
                    and member.node is owner.cls.method("build") and _marks_built(member.node):
                owner.built = True
            return result
        return self.unknown_call(self.args(node, frame), node, frame, self.quoted("`{}(...)` is not modelled", func))

    def _get_layer(self, model: SequentialModel | FunctionalModel, args: Args) -> Obj:
        """`model.get_layer("name")` / `model.get_layer(index=i)`, as Keras looks them up."""
        wanted = args.positional[0] if args.positional else args.keywords.get("name", args.keywords.get("index"))
        refs = self.model_layers(model)
        if refs is None or not isinstance(wanted, Const):
            return Unknown("a layer of a model noiselint cannot follow")
        index = wanted.value
        if isinstance(index, int) and not isinstance(index, bool) and -len(refs) <= index < len(refs):
            return refs[index][1]
        named = [ref for name, ref in refs if name is not None and name == wanted.value]
        return named[0] if len(named) == 1 else Unknown(f"no layer {wanted.value!r} that noiselint can see")

    def _changed_list(self, owner: Seq | Items, owner_node: cst.BaseExpression, method: str, args: Args,
                      frame: Frame) -> Obj | None:
        """`names.append(d)`, `self.layers.extend(more)`, `queue.pop()`: the list the name or
        the instance attribute holds grows by what is added, or becomes unknown (any other
        change, or one that may not run). A list held elsewhere (`cfg["l"].append`) is not
        followed: None. Lists are values here, so the holder is given the changed one; left
        as it was, a loop over it would run on what it held before (an empty list: the loop
        skipped, and a shape from before it taken for the one after)."""
        if type(owner_node) is cst.Name:
            name = owner_node.value
            certain = name in frame.vars or not frame.uncertain  # a branch's own copy, merged after it
            _rebind(frame, name, _list_after(owner, method, args, certain))
        elif type(owner_node) is cst.Attribute and type(owner_node.value) is cst.Name:
            holder, attr = frame.lookup(owner_node.value.value), owner_node.attr.value
            if not isinstance(holder, Instance) or holder.attrs.get(attr) is not owner:
                return None
            holder.attrs[attr] = _list_after(owner, method, args, not frame.shares(holder.born))
        else:
            return None
        return Const(None) if method in _GROWING else Unknown(f"what `{method}` gives back is not followed")

    def _sequential_method(self, model: SequentialModel, name: str, args: Args, frame: Frame) -> Obj:
        if name == "add" and (args.positional or "layer" in args.keywords):
            layer = args.positional[0] if args.positional else args.keywords["layer"]
            model.layers.append((layer, frame.uncertain if frame.shares(model.born) else ""))
        elif name == "pop" and model.layers:
            if frame.shares(model.born):
                model.layers.append((Unknown("a `pop` that may not run"), "loop"))
            else:
                model.layers.pop()
        elif name == "build":
            shape = args.positional[0] if args.positional else args.keywords.get("input_shape", Const(None))
            model.input_shape = to_shape(shape) or (None, False)
        return Const(None)

    # applying layers and models -----------------------------------------------------------

    def apply_layer(self, layer: LayerObj, args: Args, frame: Frame, node: cst.CSTNode | None = None) -> Obj:
        """`node`: the call that applies the layer (`d(b)`), where a failure is reported;
        by default the layer's construction."""
        entry = layer.spec.entry
        if entry is not None and entry.inputs == "attention":
            named = ("query", "value", "key")
            objs = [args.positional[i] if i < len(args.positional) else args.keywords.get(n)
                    for i, n in enumerate(named)]
            inputs = [o for o in objs[:2]] + [o for o in objs[2:] if o is not None]
        else:
            first = args.positional[0] if args.positional else args.keywords.get("inputs", Unknown("no input"))
            inputs = list(iterate(first) or [first]) if entry is not None and entry.inputs == "list" else [first]
        ids = [self.tensor_id(o) for o in inputs]
        outs = self.graph.apply(layer.spec, ids, parent=frame.composite, mask=layer.mask, site_ok=layer.site_ok,
                                instance=layer, call=node)
        return Tensor(outs[0]) if len(outs) == 1 else Items(tuple(Tensor(o) for o in outs))

    def tensor_id(self, obj: Obj | None) -> int:
        return obj.id if isinstance(obj, Tensor) else self.graph.new_tensor()

    def apply_model(self, model: SequentialModel | FunctionalModel, args: Args, node: cst.CSTNode,
                    frame: Frame) -> Obj:
        first = args.positional[0] if args.positional else args.keywords.get("inputs", Unknown("no input"))
        ids = [self.tensor_id(o) for o in (iterate(first) or [first])]
        if isinstance(model, SequentialModel):
            first, model.applied = not model.applied, True
            return Tensor(self.realize_sequential(model, ids[0], node, frame.composite, first,
                                                  certain=not frame.shares(model.born)))
        return self.replay(model, ids, node, frame.composite)

    def replay(self, model: FunctionalModel, inputs: list[int], node: cst.CSTNode, parent: int | None) -> Obj:
        """A functional model used as a layer: its calls again, on the new input shapes."""
        graph = self.graph
        error = graph.spec_error(model.inputs, inputs)
        cid = graph.begin_composite(model.name or "Model", node, inputs, parent, instance=model, model=True,
                                    error=error)
        if error is not None:
            return Tensor(graph.refused(cid))
        mapping = dict(zip(model.inputs, inputs, strict=False))
        outputs = [t.id for t in _tensors([model.outputs])]
        for old in graph.calls_into(outputs):
            call = graph.call(old)
            if call.kind in ("input", "composite"):
                continue
            ins = [mapping.get(t) for t in call.inputs]
            if None in ins or call.kind in ("opaque", "op") or (call.kind == "layer" and call.spec is None):
                break  # a join or an opaque call: the rest is unknown
            fact = call.fact
            if call.kind == "layer":
                new = graph.apply(call.spec, ins, parent=cid, mask=fact.mask, site_ok=call.site_ok)  # type: ignore[arg-type]
            else:
                new = (graph.passthrough(fact.layer, fact.node, ins[0], site=fact.site,  # type: ignore[arg-type]
                                         mask=fact.mask, site_ok=call.site_ok, parent=cid),)
            olds = sorted((t for t in graph.successors(old)), key=lambda t: graph.edge(old, t)["index"])
            mapping.update(zip(olds, new, strict=False))
        result = _map_tensors(model.outputs, mapping, graph)
        graph.end_composite(cid, [t.id for t in _tensors([result])])
        return result


# A list's methods that change it in place, and those of them whose change is followed.
_LIST_CHANGES = frozenset({"append", "extend", "insert", "remove", "pop", "clear", "sort", "reverse"})
_GROWING = frozenset({"append", "extend"})


def _list_after(owner: Seq | Items, method: str, args: Args, certain: bool) -> Obj:
    """The list `owner` after `method` with `args`: grown by what `append`/`extend` add, when
    the change is certain to run once here; unknown otherwise."""
    one = args.positional[0] if len(args.positional) == 1 and not args.keywords else None
    added = None if one is None or method not in _GROWING else [one] if method == "append" else iterate(one)
    if added is None or not certain:
        return Unknown("a list that changes where noiselint cannot tell how")
    return make_sequence([*owner.items, *added], True)


# Methods that store a tensor somewhere (`outputs.append(x)`, `self.add_loss(l)`) rather
# than compute one: on an owner noiselint does not hold they are no layer call.
_STORING_METHODS = frozenset({"append", "extend", "insert", "remove", "update", "add_loss", "add_metric",
                              "add_update"})


def _keeps_no_tensor(node: cst.CSTNode) -> bool:
    return isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and \
        node.func.attr.value in _STORING_METHODS


def _tensors(objs: list[Obj]) -> list[Tensor]:
    found: list[Tensor] = []
    for obj in objs:
        if isinstance(obj, Tensor):
            found.append(obj)
        elif isinstance(obj, Items):
            found.extend(_tensors(list(obj.items)))
    return found


def _map_tensors(obj: Obj, mapping: dict[int, int], graph: ModelGraph) -> Obj:
    if isinstance(obj, Tensor):
        return Tensor(mapping[obj.id]) if obj.id in mapping else Tensor(graph.new_tensor())
    if isinstance(obj, Items):
        return Items(tuple(_map_tensors(o, mapping, graph) for o in obj.items), obj.is_list)
    return obj


def _rebind(frame: Frame, name: str, value: Obj) -> None:
    holder: Frame | None = frame
    while holder is not None and name not in holder.vars:
        holder = holder.parent
    (holder or frame).vars[name] = value


def _keras1_kernel(positional: list[Obj]) -> bool:
    """`Conv2D(32, 3, 3)`: Keras 1 (and Keras 2's legacy support) read a kernel size of two
    ints there. Not with a padding after them (`Conv2D(256, 3, 2, "same")`, keras-io's
    RetinaNet): Keras 2 rejects four positional arguments and Keras 1 reads an initializer
    there, so only Keras 3 and tf.keras take that call, as strides and padding."""
    if len(positional) < 3:  # most calls: no generator made for them
        return False
    second, third = positional[1], positional[2]
    if not (isinstance(second, Const) and type(second.value) is int and isinstance(third, Const)
            and type(third.value) is int):
        return False
    fourth = positional[3] if len(positional) > 3 else None
    return not (isinstance(fourth, Const) and isinstance(fourth.value, str) and fourth.value.lower() in _PADDINGS)


def _static_name(bound: dict[str, Obj]) -> str | None:
    name = bound.get("name")
    return name.value if isinstance(name, Const) and isinstance(name.value, str) else None


# The arguments `_declared_input` reads a shape from: without one of them it gives None.
_DECLARING = frozenset({"batch_input_shape", "input_shape", "input_dim", "input_length"})


def _declared_input(bound: dict[str, Obj], input_dim_is_shape: bool) -> Shape | None:
    """A first layer's input shape, when fully static: `input_shape=`, `batch_input_shape=`,
    `input_dim=` (Keras 2 and 3), `input_length=` (a Keras 2 `Embedding`)."""
    if "batch_input_shape" in bound:
        shape = to_shape(bound["batch_input_shape"])
        return shape[0] if shape and shape[1] else None
    batch = bound.get("batch_size", _NO_BATCH)
    if not (isinstance(batch, Const) and (batch.value is None or type(batch.value) is int)):
        return None
    first: int | None = batch.value  # type: ignore[assignment]
    if "input_shape" in bound:
        shape = to_shape(bound["input_shape"])
        return (first, *shape[0]) if shape and shape[0] is not None and shape[1] else None
    dim = bound.get("input_dim") if input_dim_is_shape else bound.get("input_length")
    if isinstance(dim, Const) and type(dim.value) is int:
        return (first, dim.value)
    return None


def _input_unknown_axes(bound: dict[str, Obj]) -> tuple[int, ...]:
    """The axes of `Input(...)`'s shape whose size the code gives as a value noiselint
    cannot tell (not a `None`, which is a size set when the model runs)."""
    if "batch_shape" in bound or "batch_input_shape" in bound:
        return unknown_items(bound.get("batch_shape") or bound["batch_input_shape"])
    batch = bound.get("batch_size", _NO_BATCH)
    first = () if isinstance(batch, Const) and (batch.value is None or type(batch.value) is int) else (0,)
    return first + unknown_items(bound.get("shape", Unknown("no shape")), 1)


def _input_shape(bound: dict[str, Obj], key: str, batch_key: str, star: str | None
                 ) -> tuple[Shape | None, bool, str | None]:
    """`Input(shape=..., batch_size=...)` or `Input(batch_shape=...)`: shape, exact, why not."""
    if batch_key in bound or "batch_input_shape" in bound:
        shape = to_shape(bound.get(batch_key) or bound["batch_input_shape"])
        return (shape[0], shape[1], None) if shape else (None, False, f"argument `{batch_key}` not static")
    shape = to_shape(bound.get(key, Unknown("no shape")))
    if shape is None or shape[0] is None:
        return None, False, star or f"argument `{key}` not static"
    batch = bound.get("batch_size", _NO_BATCH)
    known = isinstance(batch, Const) and (batch.value is None or type(batch.value) is int)
    first = batch.value if known else None  # type: ignore[union-attr]
    return (first, *shape[0]), shape[1] and known, None  # type: ignore[misc]


def _marks_built(build: cst.FunctionDef) -> bool:
    """Whether `build` surely calls `super().build(...)` (Keras 2's `Layer.build` sets
    `built`): as a statement of its body or of `with` blocks in it, with no `return` or
    `raise` anywhere before it."""
    return type(build.body) is cst.IndentedBlock and _reaches_super_build(build.body.body) is True


def _reaches_super_build(statements: Sequence[cst.BaseStatement]) -> bool | None:
    """True: a `super().build(...)` statement is reached; False: something that may stop
    first; None: neither."""
    for statement in statements:
        kind = type(statement)
        if kind is cst.SimpleStatementLine:
            for small in statement.body:  # type: ignore[attr-defined]
                if type(small) in (cst.Return, cst.Raise):
                    return False
                if type(small) is cst.Expr and _is_super_build(small.value):
                    return True
        elif kind is cst.With and type(statement.body) is cst.IndentedBlock:  # type: ignore[attr-defined]
            found = _reaches_super_build(statement.body.body)  # type: ignore[attr-defined]
            if found is not None:
                return found
        elif _may_stop(statement):
            return False
    return None


def _is_super_build(expr: cst.BaseExpression) -> bool:
    func = expr.func if type(expr) is cst.Call else None  # type: ignore[attr-defined]
    return type(func) is cst.Attribute and func.attr.value == "build" and type(func.value) is cst.Call \
        and type(func.value.func) is cst.Name and func.value.func.value == "super"


def _may_stop(statement: cst.BaseStatement) -> bool:
    """Whether a `return` or `raise` is anywhere in `statement` (not in a function or class
    it defines). Statement by statement: libcst's `children` builds its list on each read."""
    kind = type(statement)
    if kind is cst.SimpleStatementLine or kind is cst.SimpleStatementSuite:
        return any(type(small) in (cst.Return, cst.Raise) for small in statement.body)  # type: ignore[attr-defined]
    if kind in (cst.FunctionDef, cst.ClassDef):
        return False
    if kind in (cst.If, cst.For, cst.While, cst.With, cst.Try, cst.TryStar, cst.Else, cst.Finally, cst.ExceptHandler,
                cst.ExceptStarHandler):
        parts = [statement.body, getattr(statement, "orelse", None), getattr(statement, "finalbody", None),  # type: ignore[attr-defined]
                 *getattr(statement, "handlers", ())]
        return any(part is not None and _may_stop_in(part) for part in parts)
    return True  # `match` and anything else: not looked into


def _may_stop_in(part: cst.CSTNode) -> bool:
    kind = type(part)
    if kind is cst.IndentedBlock:
        return any(_may_stop(statement) for statement in part.body)  # type: ignore[attr-defined]
    return _may_stop(part)  # type: ignore[arg-type]  # a one-line suite, an `else`, an `elif`, a handler

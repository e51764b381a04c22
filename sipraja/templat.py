"""The Jinja environment class of the pages: autoescaping, with a cheaper escape at each output.

With autoescaping, Jinja compiles every `{{ x }}` to `escape(x)`, and
markupsafe.escape returns a new Markup object (a Python-level __new__) that
the page's join then only reads as text. A service page has ~200 outputs,
and those objects were 7-16% of the render stage's CPU (2,000 services in
one process, stock escape against this one: 5.14 / 4.30, 5.17 / 4.84,
5.98 / 5.62 CPU-s). Here each output is escaped by `aman`, which returns
the same characters as a plain str.

Only outputs change. What an output yields is joined into the page, or into
a buffer that Jinja joins and wraps in Markup itself (macros, call and
filter blocks, `{% set %}` blocks), so whether each piece was Markup or str
makes no difference to the bytes; tests/test_templat.py renders the bundled
catalogue both ways and compares. Should a Jinja release rename the hook
overridden here, the stock escape comes back: slower, never less safe.
"""
from __future__ import annotations

from jinja2 import Environment
from jinja2.compiler import CodeGenerator
from markupsafe import escape

try:  # the C function inside markupsafe.escape (markupsafe >= 3.0)
    from markupsafe._speedups import _escape_inner as _lolos
except ImportError:  # pragma: no cover - a markupsafe without its C part, or an older one
    def _lolos(teks: str) -> str:
        return str(escape(teks))


def aman(nilai) -> str:
    """str(markupsafe.escape(nilai)), without the Markup object."""
    if nilai.__class__ is str:
        return _lolos(nilai)
    if hasattr(nilai, "__html__"):
        return nilai.__html__()
    return str(escape(nilai))


class _PenulisKode(CodeGenerator):
    def _output_child_pre(self, node, frame, finalize) -> None:
        # volatile: inside {% autoescape %}, decided at run time; the stock code handles it
        if frame.eval_ctx.autoescape and not frame.eval_ctx.volatile:
            self.write("environment.aman(")
            if finalize.src is not None:
                self.write(finalize.src)
        else:
            super()._output_child_pre(node, frame, finalize)


class Lingkungan(Environment):
    code_generator_class = _PenulisKode
    aman = staticmethod(aman)
    _siap: dict | None = None  # name -> Template, while templates cannot change (auto_reload off)

    @property
    def auto_reload(self) -> bool:
        return self._siap is None

    @auto_reload.setter
    def auto_reload(self, nilai: bool) -> None:
        self._siap = None if nilai else {}

    def _load_template(self, name, globals):
        # Every render and every {% from/include %} asks for a template by name; Jinja's answer goes through
        # its LRU cache (a lock, a weakref key, a deque reordered on each hit): ~3% of a service page.
        # Once a build has turned reloading off (render._awal_pekerja), a plain dict gives the same object.
        siap = self._siap
        if siap is None or globals:
            return super()._load_template(name, globals)
        if (templat := siap.get(name)) is None:
            templat = siap[name] = super()._load_template(name, globals)
        return templat

    def make_globals(self, d):
        # A dict, not Jinja's ChainMap over the environment's globals: every render copies the globals
        # (dict(globals, **vars)) and every {% from ... import %} subtracts their keys, through ChainMap's
        # Python-level __iter__ and __contains__. Jinja asks that globals not change once a template
        # is loaded (Environment.make_globals); render.lingkungan sets them all before.
        return {**self.globals, **(d or {})}

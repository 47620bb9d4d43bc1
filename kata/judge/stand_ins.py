"""In the worker: the sibling functions an exercise calls, routed to the judge on request.

Before the learner's file is imported, each function the exercise builds on
(the manifest's ``builds_on``) is replaced in its module by a *router* with
the same name and signature. However the learner's code reaches it (``from
m import f``, ``import m as alias``, a default argument, a list of functions),
it holds the router. A router calls the reference, except while the judge has
asked for a stand-in: then each call goes to the judge, which counts it and
chooses the answer. That is how ``run_Kmeans`` is graded.
"""
import inspect
import sys

# Bound now, before any learner code runs (see worker.py).
_setattr, _getattr = setattr, getattr


class Routes:
    """Which functions go to the judge now, and the channel to it."""

    def __init__(self, channel):
        self.channel = channel
        self.to_the_judge = frozenset()

    def call(self, name, reference, arguments):
        if name not in self.to_the_judge:
            return reference(**arguments)
        self.channel.send({"op": "callback", "function": name, "arguments": arguments})
        reply = self.channel.receive()
        if reply["op"] == "raise":
            raise _exception_type(reply["type"])(reply["message"])
        return reply["value"]


def install_routers(names, references, channel):
    """Put a router in place of each named sibling function; returns their Routes."""
    routes = Routes(channel)
    for name in names:
        _setattr(sys.modules[name], name, _router(name, references[name], routes))
    return routes


def _router(name, reference, routes):
    """A function with ``reference``'s name and signature, which asks ``routes`` what to do.

    Having the real signature, it rejects a call the way Python would reject a
    call of the real function.
    """
    signature = inspect.signature(reference)
    arguments = ", ".join(f"{p!r}: {p}" for p in signature.parameters)
    source = f"def {name}{signature}:\n    return _route({name!r}, _reference, {{{arguments}}})\n"
    namespace = {"_route": routes.call, "_reference": reference}
    exec(source, namespace)
    return namespace[name]


def _exception_type(name):
    """The builtin exception class called ``name``, else RuntimeError."""
    import builtins
    candidate = _getattr(builtins, name, None)
    if isinstance(candidate, type) and issubclass(candidate, Exception):
        return candidate
    return RuntimeError

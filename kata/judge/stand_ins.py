"""In the worker: stand-ins for the sibling functions an exercise calls, answered by the judge.

``run_Kmeans`` is graded with its helpers standing in: each call goes to the
judge, which counts it and chooses the answer.
"""
import inspect
import os
import sys

# Bound now, before any learner code runs (see worker.py).
_setattr, _getattr, _isinstance = setattr, getattr, isinstance


def install_stand_ins(names, references, channel, job):
    """Replace the named sibling functions with calls back to the judge.

    The judge then sees every call ``run_Kmeans`` makes, counts them and
    chooses what they return. Each stand-in has the real function's signature,
    so a call Python would reject fails the same way. It is put wherever the
    learner's code can reach the reference: the sibling modules (for
    ``module.function(...)``) and every global of the learner's own modules
    bound to the reference function (for ``from module import function as f``).
    Returns a function that undoes the replacement.
    """
    saved = []
    if not names:
        return lambda: None
    targets = {name: references[name] for name in names}
    stand_ins = {name: _stand_in(name, function, channel) for name, function in targets.items()}
    for module in _learner_and_sibling_modules(names, job):
        for attribute, value in list(vars(module).items()):
            for name, reference in targets.items():
                if value is reference:
                    saved.append((module, attribute, value))
                    _setattr(module, attribute, stand_ins[name])

    def restore():
        for module, attribute, original in reversed(saved):
            _setattr(module, attribute, original)
    return restore


def _learner_and_sibling_modules(names, job):
    # the learner's modules were all imported from job["folder"] (a resolved
    # path, first on sys.path), so their __file__ starts with it
    folder = os.path.join(job["folder"], "")
    modules = {id(sys.modules[name]): sys.modules[name] for name in names if name in sys.modules}
    for module in list(sys.modules.values()):
        path = _getattr(module, "__file__", None)
        if _isinstance(path, str) and path.startswith(folder) and os.sep not in path[len(folder):]:
            modules[id(module)] = module
    return modules.values()


def _stand_in(name, reference, channel):
    """A function with ``reference``'s name and signature that asks the judge instead."""
    signature = inspect.signature(reference)
    parameters = list(signature.parameters)
    source = (f"def {name}{signature}:\n"
              f"    return _ask_the_judge({name!r}, {{{', '.join(f'{p!r}: {p}' for p in parameters)}}})\n")
    namespace = {"_ask_the_judge": lambda function, arguments: _ask(channel, function, arguments)}
    exec(source, namespace)
    return namespace[name]


def _ask(channel, function, arguments):
    channel.send({"op": "callback", "function": function, "arguments": arguments})
    reply = channel.receive()
    if reply["op"] == "raise":
        raise _exception_type(reply["type"])(reply["message"])
    return reply["value"]


def _exception_type(name):
    """The builtin exception class called ``name``, else RuntimeError."""
    import builtins
    candidate = _getattr(builtins, name, None)
    if isinstance(candidate, type) and issubclass(candidate, Exception):
        return candidate
    return RuntimeError

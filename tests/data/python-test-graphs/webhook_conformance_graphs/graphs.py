# Planted for check_python_test_graphs.py --expect-problems (see ../expected-problems.txt): the
# top-level forms the check accepts (assignment, annotated assignment, def, async def) and a name bound only inside a
# function, which it must not accept. Never imported, so no langgraph.
echo = object()


def fail():
    inner = None
    return inner


async def slow():
    pass


review: object = object()

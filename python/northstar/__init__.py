"""northstar: OKR scoring and customer lifetime value, a C++ core over numpy.

    import numpy as np, northstar
    aov = np.array([50.0, 20.0, 35.0])
    f = northstar.clv.margin_clv(average_order_value=aov, gross_margin=0.3,
                                 purchase_frequency=4.0, lifespan=3.0, acquisition_cost=20.0)
    f.evaluate()                      # array([160., 52., 106.])

Submodules: northstar.clv (closed forms, models, summaries, simulator),
northstar.okr (JSON in, report out) and northstar.dask (imported on demand:
`import northstar.dask`; needs dask[dataframe] and distributed). Errors: northstar.Error (message, .code, .code_name);
a wrong dtype or a strided array is a TypeError naming the argument.
"""
import sys as _sys

from ._northstar import Error, __version__, clv

_sys.modules[__name__ + ".clv"] = clv

from . import okr  # noqa: E402  (pure Python over _northstar.okr)

__all__ = ["Error", "clv", "okr", "__version__"]

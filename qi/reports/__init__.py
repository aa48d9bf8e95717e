"""Board reports: papermill templates regenerated for every change idea, project and portfolio.

Modules, in the order a build runs through them:

* :mod:`qi.reports.jobs` - what to build under a folder (``ReportJob``), ids checked before any
  path is made, the hash of each report's inputs;
* :mod:`qi.reports.runner` - :func:`~qi.reports.runner.build_reports`, skip-unchanged, manifest;
* :mod:`qi.reports.executors` - in this process, a local process pool, or a Dask cluster;
* :mod:`qi.reports.worker` - one report: execute, export, or an error page;
* :mod:`qi.reports.kernel` - a warm kernel of this very Python, reused across reports;
* :mod:`qi.reports.export` - the self-contained HTML page and the error page;
* :mod:`qi.reports.manifest` - ``manifest.json``, written atomically;
* :mod:`qi.reports.blocks` and :mod:`qi.reports.portfolio_data` - what the templates show.
"""

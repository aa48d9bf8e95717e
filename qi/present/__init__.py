"""Presentation: charts, words, icons and HTML read from a ChartResult; nothing is recomputed.

Modules, each with one job (importing this package imports none of them, and nothing here
touches matplotlib's global state):

- :mod:`qi.present.plot`: ``plot_chart(result, ...)``, the matplotlib Figure of a result;
  each panel's body, phases and words are drawn by :mod:`qi.present.plot_body`,
  :mod:`qi.present.plot_phases` and :mod:`qi.present.plot_labels`.
- :mod:`qi.present.narrate`: ``describe(result, markdown=False)``, plain English for a board.
- :mod:`qi.present.icons`: MDC variation and assurance states (data), their drawings, and
  ``summary_table(results)``.
- :mod:`qi.present.html`: ``result_html``, ``summary_html``, figures as data URIs, ``escape``.
- :mod:`qi.present.timeline`: ``pdsa_timeline(pdsa_frame)``, the PDSA ramps of a project.
- :mod:`qi.present.marks`: PDSA cycles, benchmarks and trajectories given by the caller
  (validated, then drawn); :mod:`qi.present.style`: rendering settings, colours, sizes.
- :mod:`qi.present.numbers`: values, ranges, periods and dates written by unit and period type
  (``number_style(result)``, ``format_value``, ``format_range``, ``format_period``,
  ``format_date``) and ``non_negative(result)`` (lower limits shown at zero);
  :mod:`qi.present.axes`: date axes with the year on every tick.
- :mod:`qi.present.words`: chart and label words; :mod:`qi.present.escape`: escaping;
  :mod:`qi.present.frames`: small readers of the result frames; :mod:`qi.present.select`:
  pick series of a ``by=`` result.
"""

"""Jinja2 templates of the after-action review (Markdown and HTML).

Kept as strings so they ship inside the package with no data-file configuration.
Every value is escaped on output: HTML by Jinja2's autoescape, Markdown by a
``finalize`` function that escapes ``& < > |`` and newlines.
"""

from __future__ import annotations

__all__ = ["HTML", "MARKDOWN"]

MARKDOWN = """\
# After-action review: {{ r.title }}

Scenario `{{ r.scenario }}` - session {{ r.session }} - seed {{ r.seed }} - \
{{ r.mode }} adjudication - {{ r.status }}.

## Timeline
{% for heading, entries in r.timeline %}
### {{ heading }}
{% for e in entries %}
- {{ e.text }}{% if e.narrative %}. *{{ e.narrative }}*{% endif %}
{%- endfor %}
{% endfor %}
## Key rolls and rulings

Outcomes the model gave less than a 30% chance, and every roll decided by dice or by the
White Cell.
{% if r.key_rolls %}
| Turn | Side | Move | Outcome | Chance of that outcome | How decided | Reason |
|---|---|---|---|---|---|---|
{% for k in r.key_rolls -%}
| {{ k.turn_label }} | {{ k.side }} | {{ k.move }} | {{ k.outcome }} | {{ k.chance }} \
| {{ k.how }} | {{ k.reason }} |
{% endfor %}
{%- else %}
None: every outcome was one the model expected.
{% endif %}
## White Cell overrides
{% if r.overrides %}
| Turn | Side | Move | Ruled | How decided | Reason |
|---|---|---|---|---|---|
{% for k in r.overrides -%}
| {{ k.turn_label }} | {{ k.side }} | {{ k.move }} | {{ k.outcome }} | {{ k.how }} \
| {{ k.reason }} |
{% endfor %}
{%- else %}
None.
{% endif %}
## Beliefs and the truth

Where each side's perception departed from the truth (perceived - true), largest first.
{% for b in r.beliefs %}
### {{ b.side }}: {{ b.label }}

Largest gap {{ b.largest_text }}, at {{ b.largest_at }}.

| | {% for s in r.snapshots %}{{ s }} | {% endfor %}
|---|{% for s in r.snapshots %}---|{% endfor %}
| perceived | {% for x in b.perceived %}{{ x }} | {% endfor %}
| true | {% for x in b.truth %}{{ x }} | {% endfor %}
| gap | {% for x in b.gap %}{{ x }} | {% endfor %}
{% else %}
No side perceives any variable differently from the truth.
{% endfor %}
## State over time

| Variable | {% for s in r.snapshots %}{{ s }} | {% endfor %}
|---|{% for s in r.snapshots %}---|{% endfor %}
{% for name, label, values in r.state -%}
| {{ label }} (`{{ name }}`) | {% for x in values %}{{ x }} | {% endfor %}
{% endfor %}
## Indicators
{% for label, when in r.indicators %}
- {{ label }}: {{ when }}
{%- else %}
None defined.
{%- endfor %}
"""

HTML = """\
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>After-action review: {{ r.title }}</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 70rem; margin: 2rem auto;
       padding: 0 1rem; line-height: 1.45; color: #222; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; font-size: 0.9rem; }
th, td { border: 1px solid #ccc; padding: 0.25rem 0.5rem; text-align: left; }
th { background: #f3f3f3; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.narrative { font-style: italic; color: #555; }
.meta { color: #555; }
</style>
</head>
<body>
<h1>After-action review: {{ r.title }}</h1>
<p class="meta">Scenario <code>{{ r.scenario }}</code> &middot; session {{ r.session }}
&middot; seed {{ r.seed }} &middot; {{ r.mode }} adjudication &middot; {{ r.status }}.</p>

<h2>Timeline</h2>
{% for heading, entries in r.timeline %}
<h3>{{ heading }}</h3>
<ul>
{% for e in entries %}<li>{{ e.text }}{% if e.narrative %}
<span class="narrative">{{ e.narrative }}</span>{% endif %}</li>
{% endfor %}</ul>
{% endfor %}

<h2>Key rolls and rulings</h2>
<p>Outcomes the model gave less than a 30% chance, and every roll decided by dice or by
the White Cell.</p>
{% if r.key_rolls %}
<table><tr><th>Turn</th><th>Side</th><th>Move</th><th>Outcome</th>
<th>Chance of that outcome</th><th>How decided</th><th>Reason</th></tr>
{% for k in r.key_rolls %}<tr><td>{{ k.turn_label }}</td><td>{{ k.side }}</td>
<td>{{ k.move }}</td><td>{{ k.outcome }}</td><td>{{ k.chance }}</td><td>{{ k.how }}</td>
<td>{{ k.reason }}</td></tr>
{% endfor %}</table>
{% else %}<p>None: every outcome was one the model expected.</p>{% endif %}

<h2>White Cell overrides</h2>
{% if r.overrides %}
<table><tr><th>Turn</th><th>Side</th><th>Move</th><th>Ruled</th><th>How decided</th>
<th>Reason</th></tr>
{% for k in r.overrides %}<tr><td>{{ k.turn_label }}</td><td>{{ k.side }}</td>
<td>{{ k.move }}</td><td>{{ k.outcome }}</td><td>{{ k.how }}</td><td>{{ k.reason }}</td></tr>
{% endfor %}</table>
{% else %}<p>None.</p>{% endif %}

<h2>Beliefs and the truth</h2>
<p>Where each side's perception departed from the truth (perceived &minus; true),
largest first.</p>
{% for b in r.beliefs %}
<h3>{{ b.side }}: {{ b.label }}</h3>
<p>Largest gap {{ b.largest_text }}, at {{ b.largest_at }}.</p>
<table><tr><th></th>{% for s in r.snapshots %}<th>{{ s }}</th>{% endfor %}</tr>
<tr><th>perceived</th>{% for x in b.perceived %}<td class="num">{{ x }}</td>{% endfor %}</tr>
<tr><th>true</th>{% for x in b.truth %}<td class="num">{{ x }}</td>{% endfor %}</tr>
<tr><th>gap</th>{% for x in b.gap %}<td class="num">{{ x }}</td>{% endfor %}</tr>
</table>
{% else %}<p>No side perceives any variable differently from the truth.</p>
{% endfor %}

<h2>State over time</h2>
{% if chart %}<figure class="chart">{{ chart }}</figure>
{% endif %}<table><tr><th>Variable</th>{% for s in r.snapshots %}<th>{{ s }}</th>{% endfor %}</tr>
{% for name, label, values in r.state %}<tr><th>{{ label }} (<code>{{ name }}</code>)</th>
{% for x in values %}<td class="num">{{ x }}</td>{% endfor %}</tr>
{% endfor %}</table>

<h2>Indicators</h2>
<ul>
{% for label, when in r.indicators %}<li>{{ label }}: {{ when }}</li>
{% else %}<li>None defined.</li>{% endfor %}
</ul>
</body>
</html>
"""

"""The app's look: one Gradio theme (type scale, spacing, colours) and the few CSS rules it cannot express.

Fonts are system fonts (the app runs offline; no web font is fetched). Bands and verdicts have one colour
each, used by every view through the CSS classes below.
"""

from __future__ import annotations

import gradio as gr
from gradio.themes.utils import colors, sizes

FONT = ("Inter", "Segoe UI", "system-ui", "-apple-system", "Helvetica Neue", "Arial", "sans-serif")
MONO = ("JetBrains Mono", "SFMono-Regular", "Menlo", "Consolas", "monospace")

THEME = gr.themes.Soft(
    primary_hue=colors.indigo,
    secondary_hue=colors.sky,
    neutral_hue=colors.slate,
    spacing_size=sizes.spacing_md,
    radius_size=sizes.radius_md,
    text_size=sizes.text_md,
    font=FONT,
    font_mono=MONO,
).set(
    body_background_fill="*neutral_50",
    block_background_fill="white",
    block_border_width="1px",
    block_shadow="0 1px 2px rgba(15, 23, 42, 0.06)",
    block_title_text_weight="600",
    button_primary_background_fill="*primary_600",
    button_primary_background_fill_hover="*primary_700",
    button_primary_text_color="white",
)

CSS = """
.gradio-container { max-width: 1200px !important; margin: 0 auto !important; }
.app-header h1 { font-size: 1.6rem; margin: 0; }
.app-header p { margin: .15rem 0 .5rem; color: var(--body-text-color-subdued); }
.question-card { border: 1px solid var(--border-color-primary); border-left: 4px solid var(--color-accent);
  border-radius: var(--radius-lg); padding: 14px 18px; background: var(--block-background-fill); }
.question-card .progress { font-size: .9rem; font-weight: 600; color: var(--color-accent); margin-bottom: .35rem; }
.question-card .prompt { font-size: 1.15rem; line-height: 1.5; white-space: pre-wrap; }
.inline-note { color: #9a3412; font-size: .92rem; min-height: 1.2em; }
.inline-note:empty { display: none; }
.band { display: inline-block; padding: 2px 10px; border-radius: 999px; font-weight: 600; font-size: .9rem; }
.band-5 { background: #bbf7d0; color: #14532d; } .band-4 { background: #d9f99d; color: #365314; }
.band-3 { background: #fef08a; color: #713f12; } .band-2 { background: #fed7aa; color: #7c2d12; }
.band-1 { background: #fecaca; color: #7f1d1d; } .band-none { background: #e2e8f0; color: #334155; }
.flagged { background: #fff7ed; border: 1px solid #fdba74; border-radius: 8px; padding: 6px 10px; margin: 6px 0; }
.taken-back, .corrected { background: #f8fafc; border: 1px solid #cbd5e1; border-radius: 8px; padding: 6px 10px; margin: 6px 0; }
.summary-card { border: 1px solid var(--border-color-primary); border-radius: var(--radius-lg); padding: 16px 20px;
  background: var(--block-background-fill); margin-bottom: 12px; }
.summary-card .overall { font-size: 2rem; font-weight: 700; }
.feedback-card { border-radius: var(--radius-lg); padding: 12px 16px; margin: 8px 0;
  border: 1px solid var(--border-color-primary); background: var(--block-background-fill); }
.feedback-card h4 { margin: .2rem 0 .4rem; }
.feedback-card ul { margin: .2rem 0 .6rem 1.1rem; }
.feedback-card blockquote { margin: .2rem 0; padding-left: .6rem; border-left: 3px solid #cbd5e1;
  color: var(--body-text-color-subdued); }
table.rubric th, table.rubric td { padding: 4px 8px; vertical-align: top; text-align: left;
  border-bottom: 1px solid var(--border-color-primary); }
table.rubric th { white-space: nowrap; }
details.more > summary { cursor: pointer; font-weight: 600; margin: 8px 0; }
.table-container { max-width: 100%; overflow-x: auto; }
.column, .tabitem, .tabs, .block { min-width: 0; }
.block:has(> .table-container) { max-width: 100%; overflow-x: auto; }
.checkbox-container .label-text, .header-row .label p { white-space: normal !important; }
@media (max-width: 640px) {
  .gradio-container { padding: 0 8px !important; }
  .question-card .prompt { font-size: 1.02rem; }
  table.rubric { font-size: .85rem; }
  .tab-container { flex-wrap: wrap !important; height: auto !important; }
  .row, .form { flex-wrap: wrap !important; }
  .row > *, .form > * { flex: 1 1 100% !important; min-width: 0 !important; }
}
"""

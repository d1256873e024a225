"""What the partnership measures: the success criteria, the pipeline funnel, the trend per
quarter and which outreach methods work, with their pages.

Measures stands above the domain apps it counts (interventions, people, outreach) and below the
reports that print its figures; no domain app imports it."""

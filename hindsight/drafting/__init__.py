"""Writing postmortem files for writers: `new` from the template, `import` from a plain postmortem."""

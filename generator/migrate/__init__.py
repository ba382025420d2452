"""`masthead import`: a Jekyll site, a Hugo site or a WordPress export turned into a Masthead
site. Readers (jekyll, hugo, wordpress) give `Entry`s; frontmatter and bodies convert them;
plan gives each its new place and old URLs; write puts the site on disk; report tells what was
done and what is left for a person."""

"""Inline foreign sites for the import tests: a small Jekyll site, a small Hugo site and a
WordPress export, each with the cases the importer must handle."""

from __future__ import annotations

JEKYLL = """\
-- _config.yml --
title: Harbour Notes
url: https://example.org
baseurl: /blog
timezone: Europe/Paris
permalink: /:categories/:year/:month/:day/:title/
-- _posts/2026-01-05-storm-warning.md --
---
layout: post
title: Storm warning
categories: [Weather, Alerts]
tags: [storms]
excerpt: A storm is coming.
last_modified_at: 2026-01-06 08:00:00 +0100
author: Jane Doe
image: /images/storm.gif
---
The storm comes ![radar](/images/radar.gif).

See [the flood]({% post_url 2026-01-04-flood %}) and
[it again]({% link _posts/2026-01-04-flood.markdown %}).

{% highlight python %}
print("hi")
{% endhighlight %}

{% raw %}{{ kept }}{% endraw %}

{% include note.html %}

> [!NOTE]
> Stay inside.
-- _posts/2026-01-04-flood.markdown --
---
title: "Flood: the quay"
date: 2026-01-04 09:30:00
category: Weather
---
Water over the quay at {{ site.baseurl }}/images/storm.gif.
-- _posts/2026-01-02-secret.md --
---
title: Secret
published: false
---
Not out.
-- news/_posts/2026-01-03-council.md --
---
title: Council meets
permalink: /council-meets.html
---
Body.
-- _drafts/half-done.md --
---
title: Half done
---
Draft body.
-- about.md --
---
title: About us
description: Who we are.
permalink: /about/
---
We are a newsroom.
-- images/storm.gif --
png
-- images/radar.gif --
png
-- _includes/note.html --
<p>note</p>
-- _posts/2026-01-01-old-html.html --
---
title: Old HTML post
---
<p>An <em>old</em> post.</p>
{% gist alice/42 %}
-- _docs/guide.md --
---
title: A collection's document
---
Guide.
"""

HUGO = """\
-- hugo.toml --
title = "Hugo Harbour"
baseURL = "https://hugo.example.org/"
timeZone = "America/New_York"
[permalinks]
posts = "/:year/:month/:day/:slug/"
-- content/_index.md --
---
title: Home
---
-- content/posts/_index.md --
---
title: Our Posts
description: Everything we wrote.
---
-- content/posts/toml-post.md --
+++
title = "TOML post"
date = 2026-02-01T10:00:00-05:00
lastmod = 2026-02-02T10:00:00-05:00
slug = "same"
tags = ["tides"]
description = "In TOML."
draft = false
+++
A {{< figure src="/img/boat.gif" alt="A boat" caption="The boat" >}} here.

{{< youtube abc123 >}}

{{< vimeo 4567 >}}

{{< x user="harbour" id="99" >}}

{{< gist alice 42 >}}

{{< highlight go >}}
fmt.Println(1)
{{< /highlight >}}

See [JSON]({{< ref "posts/json-post.md" >}}).

{{< unknown thing >}}
-- content/posts/json-post.md --
{
  "title": "JSON post",
  "date": "2026-02-05T12:00:00Z",
  "slug": "same",
  "authors": ["Ann", "Bob"],
  "cover": {"image": "cover.gif"}
}
Json body.
-- content/posts/bundle/index.md --
---
title: Leaf bundle
date: 2026-02-03
images: [photo.gif]
weight: 3
---
![A photo](photo.gif)
-- content/posts/bundle/photo.gif --
jpg
-- content/posts/bundle/extra.pdf --
pdf
-- content/about.md --
---
title: About Hugo Harbour
---
About body.
-- content/posts/legacy.html --
<p>Hugo HTML content</p>
-- static/img/boat.gif --
png
"""

WXR = """\
<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"
  xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
  <title>WP Gazette</title>
  <link>https://wp.example.org</link>
  <wp:base_site_url>https://wp.example.org</wp:base_site_url>
  <wp:base_blog_url>https://wp.example.org</wp:base_blog_url>
  <wp:author>
    <wp:author_login>jdoe</wp:author_login>
    <wp:author_display_name><![CDATA[Jane Doe]]></wp:author_display_name>
  </wp:author>
  <wp:category>
    <wp:category_nicename>local-news</wp:category_nicename>
    <wp:cat_name><![CDATA[Local News]]></wp:cat_name>
    <wp:category_description><![CDATA[News from town.]]></wp:category_description>
  </wp:category>
  <item>
    <title>Bridge opens</title>
    <link>https://wp.example.org/2026/03/bridge-opens/</link>
    <dc:creator><![CDATA[jdoe]]></dc:creator>
    <content:encoded><![CDATA[The bridge opened today.

[caption id="attachment_9" align="alignnone" width="300"]<img
 src="https://wp.example.org/wp-content/uploads/2026/03/bridge.gif"
 alt="The bridge" /> The new bridge[/caption]

<img src="https://wp.example.org/wp-content/uploads/2026/03/missing.gif" alt="Gone" />

https://www.youtube.com/watch?v=dQw4w9WgXcQ

[gallery ids="1,2"]

<iframe src="https://maps.example.com/embed"></iframe>]]></content:encoded>
    <excerpt:encoded><![CDATA[<p>It <b>opened</b>.</p>]]></excerpt:encoded>
    <wp:post_id>10</wp:post_id>
    <wp:post_date>2026-03-01 09:00:00</wp:post_date>
    <wp:post_date_gmt>2026-03-01 08:00:00</wp:post_date_gmt>
    <wp:post_modified>2026-03-02 09:00:00</wp:post_modified>
    <wp:post_modified_gmt>2026-03-02 08:00:00</wp:post_modified_gmt>
    <wp:post_name><![CDATA[bridge-opens]]></wp:post_name>
    <wp:status>publish</wp:status>
    <wp:post_type>post</wp:post_type>
    <category domain="category" nicename="local-news"><![CDATA[Local News]]></category>
    <category domain="post_tag" nicename="bridges"><![CDATA[Bridges]]></category>
    <wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>9</wp:meta_value></wp:postmeta>
    <wp:comment><wp:comment_id>1</wp:comment_id></wp:comment>
  </item>
  <item>
    <title>Draft idea</title>
    <link>https://wp.example.org/?p=11</link>
    <dc:creator>jdoe</dc:creator>
    <content:encoded><![CDATA[<p>Not yet.</p>]]></content:encoded>
    <wp:post_id>11</wp:post_id>
    <wp:post_date>2026-03-05 10:00:00</wp:post_date>
    <wp:post_date_gmt>0000-00-00 00:00:00</wp:post_date_gmt>
    <wp:post_name></wp:post_name>
    <wp:status>draft</wp:status>
    <wp:post_type>post</wp:post_type>
  </item>
  <item>
    <title>Election night</title>
    <link>https://wp.example.org/2027/01/election-night/</link>
    <dc:creator>jdoe</dc:creator>
    <content:encoded><![CDATA[<p>Results <em>soon</em>.</p>]]></content:encoded>
    <wp:post_id>12</wp:post_id>
    <wp:post_date>2027-01-10 20:00:00</wp:post_date>
    <wp:post_date_gmt>2027-01-10 19:00:00</wp:post_date_gmt>
    <wp:post_name>election-night</wp:post_name>
    <wp:status>future</wp:status>
    <wp:post_type>post</wp:post_type>
    <category domain="category" nicename="local-news"><![CDATA[Local News]]></category>
  </item>
  <item>
    <title>Contact</title>
    <link>https://wp.example.org/contact/</link>
    <content:encoded><![CDATA[<p>Write to us.</p>]]></content:encoded>
    <wp:post_id>13</wp:post_id>
    <wp:post_date>2025-01-01 10:00:00</wp:post_date>
    <wp:post_date_gmt>2025-01-01 09:00:00</wp:post_date_gmt>
    <wp:post_name>contact</wp:post_name>
    <wp:status>publish</wp:status>
    <wp:post_type>page</wp:post_type>
  </item>
  <item>
    <title>bridge</title>
    <link>https://wp.example.org/bridge/</link>
    <wp:post_id>9</wp:post_id>
    <wp:post_name>bridge</wp:post_name>
    <wp:status>inherit</wp:status>
    <wp:post_type>attachment</wp:post_type>
    <wp:attachment_url>https://wp.example.org/wp-content/uploads/2026/03/bridge.gif</wp:attachment_url>
  </item>
</channel>
</rss>
"""

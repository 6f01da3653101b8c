// Package ingest loads articles and cleans them for the later stages.
//
// # Inputs
//
// [Read] takes files, folders and "-" (stdin). Folders are read
// recursively in lexical order; hidden files and folders (names starting
// with ".") and files of other types are skipped without a word, and
// symbolic links to folders are not followed. A file named on the command
// line must have a supported extension:
//
//   - .txt, .md (also .text, .markdown): one document; Text is the file's
//     content byte for byte.
//   - .html, .htm (also .xhtml): one document; Text is the page's visible
//     text, one line per block element (p, div, li, h1-h6, tr, br, ...),
//     white space inside a block collapsed to single spaces, entities
//     decoded. Not text: script, style, noscript, nav, the site's header and
//     footer (an article's own <header> inside <article> or <main> is kept,
//     it holds the headline), aside, form, svg, template, iframe, buttons and
//     media; hidden elements (hidden, aria-hidden, display:none); elements
//     with a navigation-like ARIA role; and elements whose class or id names
//     furniture (menu, nav, share, cookie, related, sidebar, ad, comments,
//     ...) unless they hold the article. Title comes from og:title, else
//     <title>; URL from the canonical link, else og:url; Date from
//     article:published_time and similar meta tags, JSON-LD datePublished,
//     or the first <time datetime>. A page that declares a legacy charset
//     is converted to UTF-8.
//   - .jsonl (also .ndjson): one document per line, an object with "text"
//     (a non-empty string) and optional "id", "title", "url", "date"
//     strings. Blank lines are skipped. A bad line (truncated JSON, not an
//     object, no text, a field that is not a string, invalid UTF-8) gives
//     an error with its line number; the other lines still give documents.
//   - "-": stdin is JSON lines when its first line is a JSON object, HTML
//     when it starts with <!doctype html> or <html>, else plain text.
//
// Document IDs: the path as given for a file argument; for a file found in
// a folder argument, its path below that folder with forward slashes
// ("000_cf6b1362018f176d.txt" for "ingest testdata/news"); "-" for stdin;
// a JSONL record's "id", else "SOURCE#LINE".
//
// A file that cannot be used gives exactly one [*Error] naming it, and
// reading goes on: not found, permission denied, a broken symbolic link,
// an empty or all-white-space file, binary content (a NUL byte, or more
// than a quarter of the first 8 KiB not text), invalid UTF-8 (with the
// offset of the first bad byte), an unsupported extension, an HTML page
// with no text. Errors read "path: reason" or "path:line: reason".
//
// # Cleaning
//
// Cleaning never changes Text. It chooses the Segments of Text the later
// stages read, each a byte range of Text, so every offset stays exact.
// [Clean] works line by line; a paragraph is a non-blank line (news
// scrapes put a whole article on one line), or several lines when the text
// is hard-wrapped (nearly all lines short and most breaks inside a
// sentence) or a line carries on in lower case after an unfinished one.
//
// Lines dropped as page furniture:
//
//   - Boilerplate, matched as a whole short line (at most 200 bytes)
//     against a small table of common phrases: "Related Articles", "More
//     from ...", "You may also like"; "19 minutes ago", "5 min read";
//     "Comments", "No comments yet..."; "Hashtags", "Tags: ..."; "Try Our
//     AI Features", "Explore what ... can do for you"; "More to come...";
//     share rows ("Share", "Facebook Twitter Email"); subscribe, sign-in,
//     newsletter, follow-us and skip-to-content prompts; "Advertisement";
//     copyright lines; "Credit: ..." and "Source: ..." lines; "Reporting by
//     ...; Editing by ..." bylines; "Listen to this article". A cookie
//     notice (a line of at most 400 bytes that speaks of cookies, to "you"
//     or of "our" site, and of using, accepting or their policy) goes too.
//     The same words inside a longer line stay: the ner stage works on
//     sentences.
//   - Source names set off by a dash or bullet: "- West Australian".
//   - Labels: a line of at most four words in title case (or of one or two
//     words) without sentence punctuation, such as "Yahoo" or "Perth Now",
//     unless its article follows on the very next line.
//   - Headline lists: three or more title-case lines in a row (blank lines
//     between them allowed) that do not end like a sentence, such as a
//     "more stories" block. When the last one is followed directly by a
//     paragraph, it is that article's headline and stays.
//   - Markdown-only lines: images, a lone link or URL, horizontal rules,
//     reference definitions, table rulers, HTML comments, fenced code
//     blocks and a YAML front matter block. A heading's "#" marks and a
//     quote's ">" are left out of its segment.
//   - Date lines: a line that is only a date ("May 10, 2025",
//     "2025-05-10T08:30:00Z") or a date after a keyword ("Published: 10 May
//     2025 | Updated ..."). When such a keyword and date start a paragraph
//     ("date 2025-05-10 North Korean leader ..."), the segment starts after
//     them.
//
// A headline directly followed by its article is kept: it is content ("Trump,
// Putin meet in Anchorage" says who met whom). Everything after a "Related
// Articles" marker that is not furniture is kept too: aggregator pages put
// whole articles there.
//
// Repeated paragraphs count once. A paragraph is dropped when, with case
// and white space folded, it equals an earlier kept paragraph or is
// contained in one, or when it has at least 20 words and 70% of its
// five-word runs already appear in kept paragraphs (the same story copied
// by another site with a caption or a cookie line inserted). A headline
// whose article is dropped this way goes with it. Repeated sentences inside
// one paragraph are left to the ner stage.
//
// Date: when the document has none from metadata (the JSONL "date" field,
// HTML meta and <time>, front matter), the first date found in the first
// six non-blank lines as a date line, a keyword and date ("Published 3:04
// PM EDT, Fri August 22, 2025"), a dateline ("WASHINGTON, May 10, 2025
// (Reuters) - ...") or a wire dateline line ("BAGHDAD 1996-08-22"). A
// dateline without a year ("MOSCOW, Aug 22 (Reuters) -") and a relative
// page stamp ("19 minutes ago") give none: the text holds no reference to
// resolve them against. Dates are ISO 8601, YYYY-MM-DD (metadata may give
// just YYYY-MM or YYYY); see [NormalizeDate].
//
// Title: when the input gives none, Markdown front matter's title, or the
// first line when it is a headline followed by its article.
//
// Hash is the hex SHA-256 of Text. When nothing survives cleaning,
// Segments is empty but not nil (nil would mean all of Text).
package ingest

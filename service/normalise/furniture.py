"""Site furniture that really is a fixed vocabulary, in the languages of the news (data only).

Most furniture is told by its shape (see ``article_run``); these are the words sites use to
announce it: headings that end an article (what follows is other stories, comments or the
footer), prefixes of promotion lines inside an article, and the words of photo credits.
Compared case-folded, with trailing ``:`` and spaces ignored.
"""

from __future__ import annotations

#: A short line that starts with one of these, after the article's first paragraph, ends the
#: article: what follows is related stories, rankings, comments, tags or the footer.
END_HEADINGS: tuple[str, ...] = (
    # English
    "related",
    "more from",
    "more stories",
    "more stories like this",
    "more news",
    "more on this",
    "more in ",
    "most read",
    "most popular",
    "most viewed",
    "most shared",
    "popular article",
    "popular stories",
    "the latest",
    "latest news",
    "latest stories",
    "top stories",
    "recommended",
    "you may also like",
    "you might also like",
    "you may like",
    "don't miss",
    "dont miss",
    "see also",
    "explore further",
    "go deeper",
    "recent post",
    "recent posts",
    "read next",
    "tagged",
    "tags",
    "topics",
    "leave a comment",
    "post navigation",
    "tell us what you think",
    "leave a reply",
    "post a comment",
    "no comments",
    "comments",
    "also in ",
    "what to read next",
    "editor's picks",
    "trending",
    "safer gambling",
    "gamble responsibly",
    # French
    "à lire aussi",
    "a lire aussi",
    "lire aussi",
    "autres vidéos",
    "les plus lus",
    "sur le même sujet",
    "à voir aussi",
    # Spanish
    "más leídas",
    "más leídos",
    "lo más visto",
    "lo más leído",
    "te puede interesar",
    "también te puede interesar",
    "noticias relacionadas",
    "relacionadas",
    # Portuguese
    "leia também",
    "mais lidas",
    "notícias relacionadas",
    "veja também",
    # Italian
    "leggi anche",
    "più letti",
    "articoli correlati",
    # German
    "mehr zum thema",
    "lesen sie auch",
    "das könnte sie auch interessieren",
    "meistgelesen",
    "weitere artikel",
    # Dutch
    "lees ook",
    "meer nieuws",
    # Indonesian, Malay
    "berita lainnya",
    "berita terkait",
    "artikel berkaitan",
    "artikel terkait",
    "baca lagi",
    # Turkish
    "ilgili haberler",
    "en çok okunanlar",
    # Russian
    "читайте также",
    "похожие новости",
    # Japanese, Chinese, Korean
    "関連記事",
    "関連ニュース",
    "おすすめ記事",
    "人気記事",
    "相关新闻",
    "相關新聞",
    "延伸閱讀",
    "推荐阅读",
    "관련기사",
    "관련 기사",
    "많이 본 뉴스",
    # Hindi, Urdu, Arabic
    "संबंधित खबरें",
    "ये भी पढ़ें",
    "متعلقہ خبریں",
    "أخبار ذات صلة",
    "الأكثر قراءة",
)

#: Counters a site prints beside an article's date (``Count : 51``, ``Views: 1,234``).
COUNTER_WORDS: tuple[str, ...] = (
    "count",
    "views",
    "view",
    "hits",
    "reads",
    "comments",
    "shares",
    "visitas",
    "lecturas",
    "aufrufe",
    "vues",
    "visualizzazioni",
    "visualizações",
    "dilihat",
)

#: Words of a prompt to sign up for the site's letters (in a short line).
SIGN_UP_WORDS: tuple[str, ...] = (
    "newsletter",
    "subscribe",
    "sign up",
    "inscreva-se",
    "suscríbete",
    "abonnez-vous",
    "abonnieren",
    "iscriviti",
)

#: Words that ask the reader to act; a last line holding them is the site speaking, not a
#: paragraph the crawler cut off.
CALLS_TO_ACTION: tuple[str, ...] = (
    "please visit",
    "visit our",
    "click here",
    "sign up",
    "subscribe",
    "follow us",
    "download our",
    "download the app",
    "share this",
)

#: A line that starts with one of these promotes another story (or the site) from inside the
#: article: the line goes, the article goes on after it.
PROMO_PREFIXES: tuple[str, ...] = (
    "also read",
    "read also",
    "read more:",
    "read more »",
    "must read:",
    "related:",
    "see also:",
    "watch:",
    "watch video",
    "read the original article",
    "this article originally appeared",
    "this article first appeared",
    "this story originally appeared",
    "this article was originally published",
    "l'articolo proviene da",
    "this is ai generated",
    "this is ai-generated",
    "ai generated summary",
    "ringkasan ai",
    "記事を共有",
    "このエントリーを",
    "follow us on",
    "siga a ",
    "siga o ",
    "siga-nos",
    "síguenos",
    "suivez-nous",
    "folgen sie uns",
    "seguici su",
    "explore further",
    "loading ",
    "refresh this page",
    "*refresh this page",
    "read full article",
    "click here",
    "disclaimer:",
    "copyright ©",
    "copyright (c)",
    "©",
    "all rights reserved",
    ">>",
    "»",
    "baca:",
    "baca juga",
    "simak juga",
    "lire aussi",
    "à lire aussi",
    "leia também",
    "leia mais",
    "lee también",
    "lea también",
    "leggi anche",
    "lesen sie auch",
    "mehr zum thema",
    "यह भी पढ़ें",
    "ये भी पढ़ें",
    "और पढ़ें",
    "یہ بھی پڑھیں",
    "مزید پڑھیں",
    "اقرأ أيضا",
    "اقرأ أيضاً",
)

#: The same, matched only in capitals (``RELATED Police close the road``): in lower case these
#: words open ordinary sentences.
PROMO_CAPITALS: tuple[str, ...] = ("RELATED ", "READ MORE ", "ALSO READ ", "SEE ALSO ", "WATCH ")

#: Words of a photo credit: a line that names one of these after a separator (``| File
#: Image``, ``(Photo by … / AFP)``, ``Foto: EFE``) is a caption or a credit.
CREDIT_WORDS: tuple[str, ...] = (
    "photo",
    "photos",
    "foto",
    "fotos",
    "image",
    "images",
    "imagen",
    "picture",
    "pic",
    "gambar",
    "bild",
    "file photo",
    "file image",
    "file pic",
    "getty images",
    "getty",
    "credit",
    "courtesy",
    "사진",
    "写真",
    "資料照",
    "图",
    "圖",
)

#: Agencies and picture desks whose name alone (with a separator before it) is a credit.
CREDIT_AGENCIES: tuple[str, ...] = (
    "afp",
    "ap",
    "reuters",
    "pa",
    "pa wire",
    "epa",
    "ians",
    "pti",
    "ani",
    "efe",
    "ansa",
    "bernama",
    "antara",
    "xinhua",
    "dpa",
    "anadolu",
    "aap",
    "shutterstock",
    "usa today sports",
    "picture alliance",
    "istock",
)

#: Sentences a feed or an aggregator appends to an article to name where it first appeared:
#: (its opening words, the words before the site's name), casefolded. WordPress/Yoast's feed
#: footer ``The post … appeared first on …`` in its translations, and openings whose site
#: name follows at once (``closing`` empty).
SOURCE_NOTES: tuple[tuple[str, str], ...] = (
    ("the post ", " appeared first on "),
    ("der beitrag ", " erschien zuerst auf "),
    ("l'article ", " est apparu en premier sur "),
    ("l’article ", " est apparu en premier sur "),
    ("la entrada ", " se publicó primero en "),
    ("o post ", " apareceu primeiro em "),
    ("l'articolo ", " sembra essere il primo su "),
    ("l’articolo ", " sembra essere il primo su "),
    ("l'articolo proviene da ", ""),
    ("l’articolo proviene da ", ""),
    ("this article originally appeared ", ""),
    ("this article first appeared ", ""),
    ("this story originally appeared ", ""),
    ("this story first appeared ", ""),
)

import Testing
@testable import MailIntake

@Suite("HTML to text")
struct HTMLTextTests {
    private func text(_ html: String) -> String { HTMLText.plainText(from: html) }

    @Test func scriptsStylesHeadAndCommentsVanish() {
        let html = "<html><head><title>T</title><style>p{}</style></head><body><script>var x = '<p>';</script>"
            + "<!-- <p>hidden</p> -->Visible<SCRIPT type=x>alert(1)</SCRIPT></body></html>"
        #expect(text(html) == "Visible")
    }

    @Test func blocksAndBreaksBecomeLines() {
        #expect(text("<p>one</p><p>two</p>") == "one\n\ntwo")
        #expect(text("<div>a</div><div>b</div>") == "a\nb")
        #expect(text("line<br>next<br/>last<br><br>gap") == "line\nnext\nlast\n\ngap")
        #expect(text("<h1>Title</h1>text") == "Title\n\ntext")
        #expect(text("a<hr>b") == "a\n----------\nb")
    }

    @Test func whitespaceCollapsesOutsidePre() {
        #expect(text("  many   \n spaces\there  ") == "many spaces here")
        #expect(text("<pre>keep   this\n  layout</pre>") == "keep   this\n  layout")
    }

    @Test func lists() {
        #expect(text("<ul><li>one</li><li>two</li></ul>") == "• one\n• two")
        #expect(text("<ol><li>one<li>two</ol>") == "1. one\n2. two")
        #expect(text("<ol start=\"3\"><li>c</li></ol>") == "3. c")
        #expect(text("<ul><li>a<ul><li>inner</li></ul></li></ul>") == "• a\n  • inner")
    }

    @Test func linksShowTheirTarget() {
        #expect(text("<a href=\"http://evil.example/login\">your bank</a>") == "your bank (http://evil.example/login)")
        #expect(text("<a href='http://same.example/'>http://same.example/</a>") == "http://same.example/")
        #expect(text("<a href=\"mailto:x@example.com\">x@example.com</a>") == "x@example.com")
        #expect(text("<a href=\"mailto:x@example.com\">write</a>") == "write (x@example.com)")
        #expect(text("<a href=\"#top\">top</a> <a href=\"javascript:void(0)\">js</a>") == "top js")
        #expect(text("<a href=http://unquoted.example/a/b>u</a>") == "u (http://unquoted.example/a/b)")
        #expect(text("<a href=\"http://x.example/\"></a>") == "http://x.example/")
    }

    @Test func entities() {
        #expect(text("caf&eacute; Stra&szlig;e &laquo;x&raquo; a&nbsp;b &amp; &lt;tag&gt; &quot;q&quot;")
                == "café Straße «x» a b & <tag> \"q\"")
        #expect(text("&#233;&#xE9;&#x20AC; &#150; &#0; &#x110000;") == "éé€ – \u{FFFD} \u{FFFD}")
        #expect(text("&unknown; &amp &copy2") == "&unknown; & &copy2")
        #expect(text("&OElig;&oelig;&euro;&hellip;&mdash;&rsquo;") == "Œœ€…—’")
    }

    @Test func tablesAndImages() {
        #expect(text("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr></table>") == "a  b\nc  d")
        #expect(text("<img src=x.png alt=\"Logo\">text") == "[Logo]text")
    }

    @Test func brokenMarkupNeverTraps() {
        #expect(text("a < b and c > d") == "a < b and c > d")
        #expect(text("<p unclosed") == "")
        #expect(text("<!-- never closed") == "")
        #expect(text("</ul></ol></a></li>text") == "text")
        #expect(text("<style>no end") == "no end")
        #expect(text("<a href=\"x\" title='it\"s'>t</a>") == "t (x)")
        #expect(text("") == "")
    }
}

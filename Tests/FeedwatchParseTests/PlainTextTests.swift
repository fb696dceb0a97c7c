import Testing

@testable import FeedwatchParse

@Suite("Plain text rules")
struct PlainTextTests {
    @Test("markup is removed, block elements separate words and inline elements do not")
    func blockAndInline() {
        #expect(PlainText.fromHTML("<p>One</p><p>Two</p>") == "One Two")
        #expect(PlainText.fromHTML("in<b>line</b>d") == "inlined")
        #expect(PlainText.fromHTML("a<br>b<br/>c") == "a b c")
        #expect(PlainText.fromHTML("<ul><li>x</li><li>y</li></ul>") == "x y")
        #expect(PlainText.fromHTML("<table><tr><td>1</td><td>2</td></tr></table>") == "1 2")
    }

    @Test("script and style contents are dropped, comments too")
    func scriptStyleComments() {
        #expect(PlainText.fromHTML("a<script>var x = '<p>';</script>b") == "ab")
        #expect(PlainText.fromHTML("a<style>p { color: red }</style> b") == "a b")
        #expect(PlainText.fromHTML("a<!-- <p>hidden</p> -->b") == "ab")
    }

    @Test("entities and character references are decoded")
    func references() {
        #expect(PlainText.fromHTML("Tom &amp; Jerry &eacute;t&#233; &#x2014; &hellip;") == "Tom & Jerry été — …")
        #expect(PlainText.fromHTML("&copy=2 &amp &unknown; &#150;") == "©=2 & &unknown; –")
        #expect(PlainText.fromHTML("a <b") == "a <b")
        #expect(PlainText.fromHTML("<![CDATA[x < y]]>") == "x < y")
    }

    @Test("every Unicode white space collapses to one space, NBSP included, and empty is nil")
    func whiteSpace() {
        #expect(PlainText.collapse("  a \t\n b\u{00A0}\u{00A0}c\u{2003}d\u{3000} ") == "a b c d")
        #expect(PlainText.collapse(" \u{00A0}\n ") == nil)
        #expect(PlainText.fromHTML("<p> </p>") == nil)
    }

    @Test("untyped text counts as HTML only with a closing tag or a reference, and known names")
    func looksLikeHTML() {
        #expect(!PlainText.looksLikeHTML("Use <b> here"))
        #expect(PlainText.looksLikeHTML("Use <b>bold</b> here"))
        #expect(PlainText.looksLikeHTML("Tom &amp; Jerry"))
        #expect(!PlainText.looksLikeHTML("a <blink>b</blink>"))
        #expect(!PlainText.looksLikeHTML("&bogus; entity"))
        #expect(!PlainText.looksLikeHTML("AT&T"))
    }

    @Test("double-encoded UTF-8 is repaired and C1 controls become windows-1252 characters")
    func textRepair() {
        #expect(TextRepair.repair("Ã©tÃ©") == "été")
        #expect(TextRepair.repair("caf\u{00E9}") == "café")
        #expect(TextRepair.repair("\u{0093}q\u{0094}") == "“q”")
        #expect(TextRepair.repair("plain") == "plain")
    }
}

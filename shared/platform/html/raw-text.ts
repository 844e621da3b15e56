/**
 * The one way to put unescaped text into server markup, and only as the content of a
 * `<style>` or `<script type="application/json">` element. Those are raw-text elements:
 * the browser does not decode entities inside them, so the renderer's escaping would
 * corrupt CSS (`"Segoe UI"`) and JSON. It is safe because callers pass our own constant
 * CSS or JSON whose `<` is already escaped (`jsonForDataBlock`); the one way such text
 * could break out, a closing tag, is refused here rather than trusted.
 */
export function rawTextContent(text: string): { dangerouslySetInnerHTML: { __html: string } } {
  if (text.includes('</')) {
    throw new Error('Raw element text must not contain "</": it could close its element.');
  }
  return { dangerouslySetInnerHTML: { __html: text } };
}

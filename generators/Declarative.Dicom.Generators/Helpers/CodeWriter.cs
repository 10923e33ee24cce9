using System.Text;

namespace Declarative.Dicom.Generators.Helpers
{
    /// <summary>A tiny indenting writer for generated source: blocks open and close with braces and indentation follows.</summary>
    internal sealed class CodeWriter
    {
        private readonly StringBuilder _text = new();
        private int _indent;

        public CodeWriter Line(string line = "")
        {
            if (line.Length > 0)
            {
                _text.Append(' ', _indent * 4);
            }

            _text.Append(line).Append('\n');
            return this;
        }

        public CodeWriter Open(string line)
        {
            Line(line);
            Line("{");
            _indent++;
            return this;
        }

        public CodeWriter Close(string suffix = "")
        {
            _indent--;
            return Line("}" + suffix);
        }

        /// <summary>Indents the lines that follow by one more level (a case body), until <see cref="Outdent"/>.</summary>
        public CodeWriter Indent()
        {
            _indent++;
            return this;
        }

        public CodeWriter Outdent()
        {
            _indent--;
            return this;
        }

        public override string ToString() => _text.ToString();
    }
}

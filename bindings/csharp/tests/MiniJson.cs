// Just enough JSON for ops.json: objects, arrays, strings, numbers, true/false/null.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace Cesperanto.Tests {
  static class MiniJson {
    /// <summary>The "ops" list of the generated ops.json named by CLE_OPS_JSON.</summary>
    public static List<object> Ops() {
      string path = Environment.GetEnvironmentVariable("CLE_OPS_JSON");
      if (path == null) throw new InvalidOperationException("CLE_OPS_JSON must name the generated ops.json");
      var root = (Dictionary<string, object>)Parse(File.ReadAllText(path, Encoding.UTF8));
      return (List<object>)root["ops"];
    }

    public static object Parse(string s) {
      int i = 0;
      object v = Value(s, ref i);
      Space(s, ref i);
      if (i != s.Length) throw new FormatException("ops.json: trailing text at " + i);
      return v;
    }

    static void Space(string s, ref int i) {
      while (i < s.Length && char.IsWhiteSpace(s[i])) i++;
    }

    static object Value(string s, ref int i) {
      Space(s, ref i);
      char c = s[i];
      if (c == '{') {
        var d = new Dictionary<string, object>();
        i++;
        Space(s, ref i);
        if (s[i] == '}') { i++; return d; }
        while (true) {
          Space(s, ref i);
          string key = (string)Value(s, ref i);
          Space(s, ref i);
          if (s[i++] != ':') throw new FormatException("ops.json: ':' expected at " + i);
          d[key] = Value(s, ref i);
          Space(s, ref i);
          char e = s[i++];
          if (e == '}') return d;
          if (e != ',') throw new FormatException("ops.json: ',' expected at " + i);
        }
      }
      if (c == '[') {
        var l = new List<object>();
        i++;
        Space(s, ref i);
        if (s[i] == ']') { i++; return l; }
        while (true) {
          l.Add(Value(s, ref i));
          Space(s, ref i);
          char e = s[i++];
          if (e == ']') return l;
          if (e != ',') throw new FormatException("ops.json: ',' expected at " + i);
        }
      }
      if (c == '"') {
        var b = new StringBuilder();
        i++;
        while (true) {
          char ch = s[i++];
          if (ch == '"') return b.ToString();
          if (ch != '\\') { b.Append(ch); continue; }
          char esc = s[i++];
          switch (esc) {
            case 'n': b.Append('\n'); break;
            case 't': b.Append('\t'); break;
            case 'r': b.Append('\r'); break;
            case 'b': b.Append('\b'); break;
            case 'f': b.Append('\f'); break;
            case 'u': b.Append((char)int.Parse(s.Substring(i, 4), NumberStyles.HexNumber)); i += 4; break;
            default: b.Append(esc); break;
          }
        }
      }
      if (string.CompareOrdinal(s, i, "true", 0, 4) == 0) { i += 4; return true; }
      if (string.CompareOrdinal(s, i, "false", 0, 5) == 0) { i += 5; return false; }
      if (string.CompareOrdinal(s, i, "null", 0, 4) == 0) { i += 4; return null; }
      int start = i;
      while (i < s.Length && "+-0123456789.eE".IndexOf(s[i]) >= 0) i++;
      if (start == i) throw new FormatException("ops.json: unexpected '" + c + "' at " + i);
      return double.Parse(s.Substring(start, i - start), CultureInfo.InvariantCulture);
    }
  }
}

// Every op's C# method matches ops.json: the PascalCase name, parameter
// names (camelCase), order, types and optional defaults as ParameterInfo sees them.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using NUnit.Framework;

namespace Cesperanto.Tests {
  [TestFixture]
  public class SignatureTests {
    static string Camel(string snake, bool upper) {
      var b = new System.Text.StringBuilder();
      bool up = upper;
      foreach (char c in snake) {
        if (c == '_') { up = b.Length > 0; continue; }
        b.Append(up ? char.ToUpperInvariant(c) : c);
        up = false;
      }
      return b.ToString();
    }

    static Type CsType(string type) {
      switch (type) {
        case "float": return typeof(float);
        case "int": return typeof(int);
        case "bool": return typeof(bool);
        case "string": return typeof(string);
        case "float_list": return typeof(float[]);
        default: throw new ArgumentException("unknown type " + type);
      }
    }

    static object Expected(string type, object json) {
      switch (type) {
        case "float":
          if (json is string) {
            string t = (string)json;
            return t == "nan" ? float.NaN : t == "inf" ? float.PositiveInfinity : t == "-inf" ? float.NegativeInfinity
                                                                                              : float.Parse(t, CultureInfo.InvariantCulture);
          }
          return (float)(double)json;
        case "int": return (int)(double)json;
        case "bool": return (bool)json;
        default: return (string)json;
      }
    }

    static List<Dictionary<string, object>> Items(Dictionary<string, object> op, string key) {
      return ((List<object>)op[key]).Cast<Dictionary<string, object>>().ToList();
    }

    [Test]
    public void EveryOpMatchesOpsJson() {
      var problems = new List<string>();
      var generated = typeof(Cle).GetMethods(BindingFlags.Public | BindingFlags.Static)
                                 .Where(m => m.GetCustomAttributes(typeof(CleOperationAttribute), false).Length > 0)
                                 .ToList();
      var ops = MiniJson.Ops().Cast<Dictionary<string, object>>().ToList();
      Assert.AreEqual(ops.Select(o => (string)o["name"]).OrderBy(n => n, StringComparer.Ordinal).ToArray(),
                      generated.Select(m => ((CleOperationAttribute)m.GetCustomAttributes(typeof(CleOperationAttribute), false)[0]).Name)
                               .OrderBy(n => n, StringComparer.Ordinal).ToArray(),
                      "one generated method per op");
      foreach (var op in ops) {
        string name = (string)op["name"];
        var inputs = Items(op, "inputs");
        var pars = Items(op, "params");
        var output = (Dictionary<string, object>)op["output"];
        string returns = output["returns"] as string; // "list" / "bool": pyclesperanto's list or bool, no dst
        bool hasDst = (string)output["kind"] == "array" && returns != "list";
        int first = pars.Count;
        while (first > 0 && pars[first - 1]["default"] != null) first--;

        var methods = generated.Where(m => m.Name == Camel(name, true)).ToList();
        if (methods.Count != 1) { problems.Add(name + ": " + methods.Count + " methods named " + Camel(name, true)); continue; }
        MethodInfo method = methods[0];
        Type wantReturn = returns == "list" ? typeof(double[]) : returns == "bool" ? typeof(bool)
            : (string)output["kind"] == "scalar" ? typeof(double)
            : (string)output["kind"] == "table" ? typeof(System.Collections.Generic.Dictionary<string, double[]>)
            : (string)output["kind"] == "arrays" ? typeof(CleArray[])
            : typeof(CleArray);
        if (method.ReturnType != wantReturn) problems.Add(name + ": returns " + method.ReturnType);

        var want = new List<Tuple<string, Type, bool, object>>(); // name, type, optional, default
        foreach (var i in inputs) want.Add(Tuple.Create(Camel((string)i["name"], false), typeof(CleArray), false, (object)null));
        if (hasDst) want.Add(Tuple.Create(Camel((string)output["name"], false), typeof(CleArray), first == 0, (object)null));
        foreach (var o in Items(op, "outputs")) // several outputs (kind arrays): each one like dst
          want.Add(Tuple.Create(Camel((string)o["name"], false), typeof(CleArray), first == 0, (object)null));
        for (int k = 0; k < pars.Count; k++) {
          string type = (string)pars[k]["type"];
          bool none = Equals(pars[k]["optional"], true); // an optional int param: int?, a float list float[]; null for None
          want.Add(Tuple.Create(Camel((string)pars[k]["name"], false), none && type == "int" ? typeof(int?) : CsType(type), k >= first,
                                k >= first && !none ? Expected(type, pars[k]["default"]) : null));
        }
        ParameterInfo[] got = method.GetParameters();
        if (got.Length != want.Count) { problems.Add(name + ": " + got.Length + " parameters, spec " + want.Count); continue; }
        for (int k = 0; k < got.Length; k++) {
          var w = want[k];
          if (got[k].Name != w.Item1 || got[k].ParameterType != w.Item2)
            problems.Add(name + ": parameter " + k + " is " + got[k].ParameterType.Name + " " + got[k].Name + ", expected " + w.Item2.Name + " " + w.Item1);
          if (got[k].IsOptional != w.Item3)
            problems.Add(name + ": " + w.Item1 + (w.Item3 ? " should" : " should not") + " be optional");
          else if (w.Item3 && !Equals(got[k].DefaultValue, w.Item4))
            problems.Add(name + ": " + w.Item1 + " defaults to " + got[k].DefaultValue + ", spec " + w.Item4);
        }
      }
      Assert.IsEmpty(problems, string.Join("\n", problems));
    }

    static string Parameters(MethodInfo m) {
      return "(" + string.Join(", ", m.GetParameters().Select(p => p.ParameterType.Name + " " + p.Name +
                                                           (p.IsOptional ? " = " + p.DefaultValue : ""))) + ")";
    }

    [Test]
    public void AliasesHaveTheirOpsParametersAndDeprecatedOnesAreObsolete() {
      var problems = new List<string>();
      int checkedAliases = 0;
      var methods = typeof(Cle).GetMethods(BindingFlags.Public | BindingFlags.Static);
      foreach (var op in MiniJson.Ops().Cast<Dictionary<string, object>>()) {
        string name = (string)op["name"];
        var target = methods.Single(m => m.Name == Camel(name, true));
        foreach (var alias in Items(op, "aliases")) {
          string aliasName = (string)alias["name"];
          var found = methods.Where(m => m.GetCustomAttributes(typeof(CleAliasAttribute), false)
                                          .Cast<CleAliasAttribute>().Any(a => a.Alias == aliasName && a.Of == name)).ToList();
          if (found.Count != 1) { problems.Add(aliasName + ": " + found.Count + " methods marked [CleAlias]"); continue; }
          var method = found[0];
          if (method.Name != Camel(aliasName, true)) problems.Add(aliasName + ": method " + method.Name);
          if (Parameters(method) != Parameters(target))
            problems.Add(aliasName + ": " + Parameters(method) + ", its op " + Parameters(target));
          bool obsolete = method.GetCustomAttributes(typeof(ObsoleteAttribute), false).Length > 0;
          if (obsolete != (bool)alias["deprecated"]) problems.Add(aliasName + (obsolete ? " is" : " is not") + " [Obsolete]");
          checkedAliases++;
        }
      }
      Assert.Greater(checkedAliases, 0, "the spec has aliases (connected_components_labeling)");
      Assert.IsEmpty(problems, string.Join("\n", problems));
    }

    [Test]
    public void RegistryMatchesOpsJson() {
      var ops = MiniJson.Ops().Cast<Dictionary<string, object>>().ToList();
      Assert.AreEqual(ops.Count, Cle.Operations().Count);
      foreach (var op in ops) {
        OperationDesc d = Cle.Operation((string)op["name"]);
        Assert.AreEqual(op["name"], d.Name());
        Assert.AreEqual((int)(double)op["tier"], d.Tier());
        var pars = Items(op, "params");
        Assert.AreEqual(pars.Count, d.ParamCount());
        for (int i = 0; i < pars.Count; i++) {
          Assert.AreEqual(pars[i]["name"], d.Param(i).Name());
          Assert.AreEqual(pars[i]["type"], d.Param(i).TypeName());
          Assert.AreEqual(pars[i]["default"] != null, d.Param(i).HasDefault());
        }
      }
    }
  }
}

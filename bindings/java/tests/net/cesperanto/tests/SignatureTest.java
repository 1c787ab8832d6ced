package net.cesperanto.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import net.cesperanto.Alias;
import net.cesperanto.Cle;
import net.cesperanto.CleArray;
import net.cesperanto.Default;
import net.cesperanto.OperationDesc;
import net.cesperanto.ParamDesc;
import org.junit.jupiter.api.Test;

/**
 * Every op's Java methods match ops.json: the camelCase name, the full
 * overload's parameter names (compiled with -parameters), order and types,
 * its @Default values, and exactly one shorter overload per trailing default
 * (plus inputs-only when dst may be null).
 */
class SignatureTest {
  static String camel(String snake) {
    StringBuilder b = new StringBuilder();
    boolean up = false;
    for (char c : snake.toCharArray()) {
      if (c == '_') {
        up = b.length() > 0;
        continue;
      }
      b.append(up ? Character.toUpperCase(c) : c);
      up = false;
    }
    return b.toString();
  }

  static Class<?> javaType(String type) {
    switch (type) {
      case "float": return float.class;
      case "int": return int.class;
      case "bool": return boolean.class;
      case "string": return String.class;
      case "float_list": return float[].class;
      default: throw new IllegalArgumentException("unknown type " + type);
    }
  }

  static int firstOptional(List<Map<String, Object>> params) {
    int first = params.size();
    while (first > 0 && params.get(first - 1).get("default") != null) first--;
    return first;
  }

  /** Whether the annotation's text is the same value as the JSON default. */
  static boolean sameDefault(String type, String text, Object json) {
    switch (type) {
      case "float": {
        float want = json instanceof String ? Float.parseFloat(((String) json).replace("inf", "Infinity").replace("nan", "NaN"))
                                            : ((Double) json).floatValue();
        float got = Float.parseFloat(text.replace("inf", "Infinity").replace("nan", "NaN"));
        return Float.compare(want, got) == 0;
      }
      case "int": return Integer.parseInt(text) == ((Double) json).intValue();
      case "bool": return Boolean.parseBoolean(text) == (Boolean) json;
      default: return text.equals(json);
    }
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> list(Map<String, Object> m, String key) {
    return (List<Map<String, Object>>) (List<?>) m.get(key);
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyOpMatchesOpsJson() throws Exception {
    List<String> problems = new ArrayList<>();
    TreeSet<String> expectedNames = new TreeSet<>();
    for (Map<String, Object> op : MiniJson.ops()) {
      String name = (String) op.get("name");
      String method = camel(name);
      expectedNames.add(method);
      for (Map<String, Object> alias : list(op, "aliases")) expectedNames.add(camel((String) alias.get("name")));
      List<Map<String, Object>> inputs = list(op, "inputs");
      List<Map<String, Object>> params = list(op, "params");
      Map<String, Object> output = (Map<String, Object>) op.get("output");
      Object returns = output.get("returns"); // "list" / "bool": pyclesperanto's list or bool, no dst
      boolean hasDst = "array".equals(output.get("kind")) && !"list".equals(returns);
      int first = firstOptional(params);

      List<String> wantNames = new ArrayList<>();
      List<Class<?>> wantTypes = new ArrayList<>();
      for (Map<String, Object> in : inputs) {
        wantNames.add(camel((String) in.get("name")));
        wantTypes.add(CleArray.class);
      }
      if (hasDst) {
        wantNames.add(camel((String) output.get("name")));
        wantTypes.add(CleArray.class);
      }
      List<Map<String, Object>> outputs = (List<Map<String, Object>>) (List<?>) op.get("outputs");
      for (Map<String, Object> o : outputs) { // several outputs (kind arrays): each one like dst
        wantNames.add(camel((String) o.get("name")));
        wantTypes.add(CleArray.class);
      }
      for (Map<String, Object> p : params) {
        wantNames.add(camel((String) p.get("name")));
        // an optional int param (None by default) is an Integer, null for None; a float list a float[] (null for None)
        wantTypes.add(Boolean.TRUE.equals(p.get("optional")) && "int".equals(p.get("type")) ? Integer.class
                                                                                             : javaType((String) p.get("type")));
      }

      List<Method> overloads = new ArrayList<>();
      for (Method m : Cle.class.getDeclaredMethods())
        if (m.getName().equals(method) && Modifier.isPublic(m.getModifiers()) && Modifier.isStatic(m.getModifiers()))
          overloads.add(m);
      TreeSet<Integer> arities = new TreeSet<>();
      for (Method m : overloads) arities.add(m.getParameterCount());
      TreeSet<Integer> wantArities = new TreeSet<>();
      int fixed = inputs.size() + (hasDst ? 1 : 0) + outputs.size();
      for (int k = first; k <= params.size(); k++) wantArities.add(fixed + k);
      if ((hasDst || !outputs.isEmpty()) && first == 0) wantArities.add(inputs.size());
      if (!arities.equals(wantArities) || arities.size() != overloads.size()) {
        problems.add(name + ": overload arities " + arities + " (" + overloads.size() + " methods), expected " + wantArities);
        continue;
      }
      Class<?> wantReturn = "list".equals(returns) ? double[].class
          : "bool".equals(returns) ? boolean.class
          : "scalar".equals(output.get("kind")) ? double.class
          : "table".equals(output.get("kind")) ? java.util.Map.class
          : "arrays".equals(output.get("kind")) ? CleArray[].class : CleArray.class;
      for (Method m : overloads) {
        if (m.getReturnType() != wantReturn) problems.add(name + ": returns " + m.getReturnType());
        Parameter[] ps = m.getParameters();
        for (int i = 0; i < ps.length; i++) {
          int j = i; // every overload takes a prefix of the full list: inputs, dst, params
          if (!ps[i].isNamePresent()) problems.add(name + ": compiled without -parameters");
          if (!ps[i].getName().equals(wantNames.get(j)) || ps[i].getType() != wantTypes.get(j))
            problems.add(name + "/" + ps.length + ": parameter " + i + " is " + ps[i].getType().getSimpleName() + " "
                + ps[i].getName() + ", expected " + wantTypes.get(j).getSimpleName() + " " + wantNames.get(j));
        }
        if (ps.length != fixed + params.size()) continue;
        for (int k = 0; k < params.size(); k++) {
          Map<String, Object> p = params.get(k);
          Default d = ps[fixed + k].getAnnotation(Default.class);
          if (k < first) {
            if (d != null) problems.add(name + ": " + p.get("name") + " has @Default but no trailing default in the spec");
          } else if (d == null) {
            problems.add(name + ": " + p.get("name") + " lacks @Default");
          } else if (Boolean.TRUE.equals(p.get("optional")) ? !d.value().equals("None")
                                                             : !sameDefault((String) p.get("type"), d.value(), p.get("default"))) {
            problems.add(name + ": " + p.get("name") + " @Default(" + d.value() + "), spec " + p.get("default"));
          }
        }
      }
    }
    TreeSet<String> declared = new TreeSet<>();
    for (Method m : Cle.class.getDeclaredMethods())
      if (Modifier.isPublic(m.getModifiers())) declared.add(m.getName());
    assertEquals(expectedNames, declared, "Cle's own public methods are exactly the ops and their aliases");
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  /** "(CleArray inputImage, String connectivity)": an overload's parameters, names included. */
  static String parameters(Method m) {
    StringBuilder b = new StringBuilder("(");
    for (Parameter p : m.getParameters())
      b.append(b.length() > 1 ? ", " : "").append(p.getType().getSimpleName()).append(' ').append(p.getName());
    return b.append(')').toString();
  }

  @Test
  void aliasesHaveTheirOpsOverloadsAndDeprecatedOnesAreMarked() throws Exception {
    List<String> problems = new ArrayList<>();
    int checked = 0;
    for (Map<String, Object> op : MiniJson.ops()) {
      String target = camel((String) op.get("name"));
      TreeSet<String> want = new TreeSet<>();
      for (Method m : Cle.class.getDeclaredMethods())
        if (m.getName().equals(target)) want.add(parameters(m));
      for (Map<String, Object> alias : list(op, "aliases")) {
        String name = camel((String) alias.get("name"));
        boolean deprecated = (Boolean) alias.get("deprecated");
        TreeSet<String> got = new TreeSet<>();
        int marked = 0;
        for (Method m : Cle.class.getDeclaredMethods()) {
          if (!m.getName().equals(name)) continue;
          got.add(parameters(m));
          if (m.isAnnotationPresent(Deprecated.class) != deprecated)
            problems.add(name + parameters(m) + (deprecated ? " lacks" : " has") + " @Deprecated");
          Alias a = m.getAnnotation(Alias.class);
          if (a != null && a.value().equals(op.get("name"))) marked++;
        }
        if (!got.equals(want)) problems.add(name + ": overloads " + got + ", its op " + target + " has " + want);
        if (marked != 1) problems.add(name + ": " + marked + " overloads carry @Alias(\"" + op.get("name") + "\"), expected 1");
        checked++;
      }
    }
    assertTrue(checked > 0, "the spec has aliases (connected_components_labeling)");
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  @Test
  void registryMatchesOpsJson() throws Exception {
    List<Map<String, Object>> ops = MiniJson.ops();
    assertEquals(ops.size(), Cle.operations().size());
    for (Map<String, Object> op : ops) {
      OperationDesc desc = Cle.operation((String) op.get("name"));
      assertEquals(op.get("name"), desc.name());
      assertEquals(((Double) op.get("tier")).intValue(), desc.tier());
      List<Map<String, Object>> params = list(op, "params");
      assertEquals(params.size(), desc.paramCount());
      for (int i = 0; i < params.size(); i++) {
        ParamDesc p = desc.param(i);
        assertEquals(params.get(i).get("name"), p.name());
        assertEquals(params.get(i).get("type"), p.typeName());
        assertEquals(params.get(i).get("default") != null, p.hasDefault());
      }
    }
  }
}

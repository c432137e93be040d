using ScanImageTiff.ScanImage;

namespace ScanImageTiff.Tests.ScanImage;

public class MatlabValueTests
{
    /// <summary>Literal → kind, JSON rendering (expected.json conventions), rows, columns.</summary>
    public static TheoryData<string, MatlabValueKind, string, int, int> Literals => new()
    {
        { "1", MatlabValueKind.Number, "1", 1, 1 },
        { "-251149", MatlabValueKind.Number, "-251149", 1, 1 },
        { "0.0333145", MatlabValueKind.Number, "0.0333145", 1, 1 },
        { "6.31623e-05", MatlabValueKind.Number, "6.31623e-05", 1, 1 },
        { "2.5e+09", MatlabValueKind.Number, "2500000000", 1, 1 },
        { "1E3", MatlabValueKind.Number, "1000", 1, 1 },
        { ".5", MatlabValueKind.Number, "0.5", 1, 1 },
        { "+3", MatlabValueKind.Number, "3", 1, 1 },
        { "Inf", MatlabValueKind.Number, "\"Infinity\"", 1, 1 },
        { "-Inf", MatlabValueKind.Number, "\"-Infinity\"", 1, 1 },
        { "NaN", MatlabValueKind.Number, "\"NaN\"", 1, 1 },
        { "true", MatlabValueKind.Logical, "true", 1, 1 },
        { "false", MatlabValueKind.Logical, "false", 1, 1 },
        { "'grab'", MatlabValueKind.String, "\"grab\"", 1, 1 },
        { "''", MatlabValueKind.String, "\"\"", 1, 1 },
        { "'a''b'", MatlabValueKind.String, "\"a'b\"", 1, 1 },
        { "''''", MatlabValueKind.String, "\"'\"", 1, 1 },
        { "'$scim_colorMap(''gray'',8,5)'", MatlabValueKind.String, "\"$scim_colorMap('gray',8,5)\"", 1, 1 },
        { "'C:\\Users\\x = y'", MatlabValueKind.String, "\"C:\\\\Users\\\\x = y\"", 1, 1 },
        { "\"dq\"\"x\"", MatlabValueKind.String, "\"dq\\\"x\"", 1, 1 },
        { "[1 2]", MatlabValueKind.Matrix, "[1,2]", 1, 2 },
        { "[2020,4,27,10,5,1.5]", MatlabValueKind.Matrix, "[2020,4,27,10,5,1.5]", 1, 6 },
        { "[2016  9 30 16 38 52.040]", MatlabValueKind.Matrix, "[2016,9,30,16,38,52.04]", 1, 6 },
        { "[ 1 , 2 ]", MatlabValueKind.Matrix, "[1,2]", 1, 2 },
        { "[0;1]", MatlabValueKind.Matrix, "[[0],[1]]", 2, 1 },
        { "[-135 -135;135 -135;135 135;-135 135]", MatlabValueKind.Matrix, "[[-135,-135],[135,-135],[135,135],[-135,135]]", 4, 2 },
        { "[1 0 0;0 1 0;0 0 1]", MatlabValueKind.Matrix, "[[1,0,0],[0,1,0],[0,0,1]]", 3, 3 },
        { "[1 -2]", MatlabValueKind.Matrix, "[1,-2]", 1, 2 },
        { "[Inf -Inf NaN]", MatlabValueKind.Matrix, "[\"Infinity\",\"-Infinity\",\"NaN\"]", 1, 3 },
        { "[1 2;]", MatlabValueKind.Matrix, "[1,2]", 1, 2 },
        { "[true true]", MatlabValueKind.Matrix, "[true,true]", 1, 2 },
        { "[false true;true false]", MatlabValueKind.Matrix, "[[false,true],[true,false]]", 2, 2 },
        { "[true 2]", MatlabValueKind.Matrix, "[1,2]", 1, 2 },
        { "[5]", MatlabValueKind.Number, "5", 1, 1 },
        { "[]", MatlabValueKind.Empty, "[]", 0, 0 },
        { "[ ]", MatlabValueKind.Empty, "[]", 0, 0 },
        { "{}", MatlabValueKind.Empty, "[]", 0, 0 },
        { "{'a' 'b'}", MatlabValueKind.Cell, "[\"a\",\"b\"]", 1, 2 },
        { "{'stripe' 'stripe'}", MatlabValueKind.Cell, "[\"stripe\",\"stripe\"]", 1, 2 },
        { "{''}", MatlabValueKind.Cell, "[\"\"]", 1, 1 },
        { "{'Res-fastZ' '11' '0.003'}", MatlabValueKind.Cell, "[\"Res-fastZ\",\"11\",\"0.003\"]", 1, 3 },
        { "{'red';'green'}", MatlabValueKind.Cell, "[[\"red\"],[\"green\"]]", 2, 1 },
        { "{16 16}", MatlabValueKind.Cell, "[16,16]", 1, 2 },
        { "{[-1 1] [-0.5 0.5]}", MatlabValueKind.Cell, "[[-1,1],[-0.5,0.5]]", 1, 2 },
        { "{{'a'} {} 'it''s'}", MatlabValueKind.Cell, "[[\"a\"],[],\"it's\"]", 1, 3 },
        { "{'@scanimage.util.defaultPowerFunction'}", MatlabValueKind.Cell, "[\"@scanimage.util.defaultPowerFunction\"]", 1, 1 },
        { "{<nonscalar struct/object> 1}", MatlabValueKind.Cell, "[\"<nonscalar struct/object>\",1]", 1, 2 },
        { "{zeros(1,0) true @f}", MatlabValueKind.Cell, "[[],true,\"@f\"]", 1, 3 },
        { "zeros(1,0)", MatlabValueKind.Empty, "[]", 1, 0 },
        { "zeros(0,2)", MatlabValueKind.Empty, "[]", 0, 2 },
        { "ones(2,3)", MatlabValueKind.Matrix, "[[1,1,1],[1,1,1]]", 2, 3 },
        { "ones(1,2)", MatlabValueKind.Matrix, "[1,1]", 1, 2 },
        { "zeros(2)", MatlabValueKind.Matrix, "[[0,0],[0,0]]", 2, 2 },
        { "zeros(1,1)", MatlabValueKind.Number, "0", 1, 1 },
        { "nan(1,2)", MatlabValueKind.Matrix, "[\"NaN\",\"NaN\"]", 1, 2 },
        { "true(1,2)", MatlabValueKind.Matrix, "[true,true]", 1, 2 },
        { "zeros(1,0,'int8')", MatlabValueKind.Empty, "[]", 1, 0 },
        { "cell(1,0)", MatlabValueKind.Empty, "[]", 1, 0 },
        { "int16([1 2])", MatlabValueKind.Matrix, "[1,2]", 1, 2 },
        { "uint8(7)", MatlabValueKind.Number, "7", 1, 1 },
        { "logical([1 0])", MatlabValueKind.Matrix, "[true,false]", 1, 2 },
        { "@scanimage.components.integrationRois.integrationPostProcessingFcn", MatlabValueKind.FunctionHandle, "\"@scanimage.components.integrationRois.integrationPostProcessingFcn\"", 1, 1 },
        { "<nonscalar struct/object>", MatlabValueKind.Placeholder, "\"<nonscalar struct/object>\"", 1, 1 },
        { "<unencodeable value>", MatlabValueKind.Placeholder, "\"<unencodeable value>\"", 1, 1 },
        { "scanimage.types.BeamAdjustTypes.None", MatlabValueKind.Unparsed, "\"scanimage.types.BeamAdjustTypes.None\"", 1, 1 },
        { "[1 'a']", MatlabValueKind.Unparsed, "\"[1 'a']\"", 1, 1 },
        { "[1 2", MatlabValueKind.Unparsed, "\"[1 2\"", 1, 1 },
        { "[1 2;3]", MatlabValueKind.Unparsed, "\"[1 2;3]\"", 1, 1 },
        { "[1 - 2]", MatlabValueKind.Unparsed, "\"[1 - 2]\"", 1, 1 },
        { "'abc", MatlabValueKind.Unparsed, "\"'abc\"", 1, 1 },
        { "'a' 'b'", MatlabValueKind.Unparsed, "\"'a' 'b'\"", 1, 1 },
        { "{1 2", MatlabValueKind.Unparsed, "\"{1 2\"", 1, 1 },
        { "{1 2;3}", MatlabValueKind.Unparsed, "\"{1 2;3}\"", 1, 1 },
        { "1 2", MatlabValueKind.Unparsed, "\"1 2\"", 1, 1 },
        { "Infinity", MatlabValueKind.Unparsed, "\"Infinity\"", 1, 1 },
        { "0x1F", MatlabValueKind.Unparsed, "\"0x1F\"", 1, 1 },
        { "3x4&1,2,3", MatlabValueKind.Unparsed, "\"3x4&1,2,3\"", 1, 1 },
        { "zeros(100000,100000)", MatlabValueKind.Unparsed, "\"zeros(100000,100000)\"", 1, 1 },
        { "zeros(1,2,3)", MatlabValueKind.Unparsed, "\"zeros(1,2,3)\"", 1, 1 },
        { "<unterminated", MatlabValueKind.Unparsed, "\"<unterminated\"", 1, 1 },
    };

    [Theory]
    [MemberData(nameof(Literals))]
    public void Parses_literal(string literal, MatlabValueKind kind, string json, int rows, int columns)
    {
        var value = MatlabValue.Parse(literal);

        Assert.Equal(kind, value.Kind);
        JsonAssert.Equal(json, value.ToJsonNode(), literal);
        Assert.Equal(rows, value.Rows);
        Assert.Equal(columns, value.Columns);
        Assert.Equal(literal, value.RawText);
        Assert.Equal(literal, value.ToString());
    }

    [Fact]
    public void Surrounding_white_space_is_not_part_of_the_value()
    {
        var value = MatlabValue.Parse("  \t[1 2]  \0");

        Assert.Equal(MatlabValueKind.Matrix, value.Kind);
        Assert.Equal("[1 2]", value.RawText);
    }

    [Fact]
    public void Nothing_after_the_equals_sign_is_empty()
    {
        var value = MatlabValue.Parse("   ");

        Assert.Equal(MatlabValueKind.Empty, value.Kind);
        Assert.Equal(string.Empty, value.RawText);
        Assert.Empty(value.AsDoubleArray());
    }

    [Fact]
    public void Nested_items_keep_their_own_source_text()
    {
        var value = MatlabValue.Parse("{'it''s' [1 2;3 4] {@f}}");

        Assert.Equal("'it''s'", value.Items[0].RawText);
        Assert.Equal("it's", value.Items[0].AsString());
        Assert.Equal("[1 2;3 4]", value.Items[1].RawText);
        Assert.Equal("{@f}", value.Items[2].RawText);
        Assert.Equal(MatlabValueKind.FunctionHandle, value.Items[2].Items[0].Kind);
    }

    [Fact]
    public void Numbers_are_correctly_rounded()
    {
        Assert.Equal(0.1, MatlabValue.Parse("0.1").AsDouble());
        Assert.Equal(6.31623e-05, MatlabValue.Parse("6.31623e-05").AsDouble());
        Assert.Equal(1.7976931348623157e308, MatlabValue.Parse("1.7976931348623157e308").AsDouble());
        Assert.Equal(double.PositiveInfinity, MatlabValue.Parse("1e999").AsDouble());
        Assert.True(double.IsNegative(MatlabValue.Parse("-0").AsDouble()));
    }

    [Fact]
    public void AsDoubleArray_is_row_major_and_a_copy()
    {
        var value = MatlabValue.Parse("[1 2 3;4 5 6]");

        var data = value.AsDoubleArray();
        Assert.Equal([1, 2, 3, 4, 5, 6], data);
        data[0] = 99;
        Assert.Equal(1, value.AsDoubleArray()[0]);
        Assert.Equal([7.5], MatlabValue.Parse("7.5").AsDoubleArray());
        Assert.Equal([1.0], MatlabValue.Parse("true").AsDoubleArray());
        Assert.Equal([1.0, 0.0], MatlabValue.Parse("[true false]").AsDoubleArray());
        Assert.True(MatlabValue.Parse("[true false]").IsLogical);
        Assert.False(MatlabValue.Parse("[1 0]").IsLogical);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    [InlineData("1", true)]
    [InlineData("0", false)]
    public void AsBoolean_accepts_logicals_and_0_or_1(string literal, bool expected)
        => Assert.Equal(expected, MatlabValue.Parse(literal).AsBoolean());

    [Theory]
    [InlineData("2")]
    [InlineData("NaN")]
    [InlineData("'true'")]
    [InlineData("[1 0]")]
    public void AsBoolean_rejects_other_values(string literal)
    {
        var ex = Assert.Throws<InvalidOperationException>(() => MatlabValue.Parse(literal).AsBoolean());
        Assert.Contains(MatlabValue.Parse(literal).Kind.ToString(), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_kind_accessors_throw_naming_the_kind()
    {
        var text = MatlabValue.Parse("'grab'");
        var number = MatlabValue.Parse("5");
        var matrix = MatlabValue.Parse("[1 2]");

        Assert.Contains("String", Assert.Throws<InvalidOperationException>(() => text.AsDouble()).Message, StringComparison.Ordinal);
        Assert.Contains("String", Assert.Throws<InvalidOperationException>(() => text.AsDoubleArray()).Message, StringComparison.Ordinal);
        Assert.Contains("Number", Assert.Throws<InvalidOperationException>(() => number.AsString()).Message, StringComparison.Ordinal);
        Assert.Contains("Number", Assert.Throws<InvalidOperationException>(() => number.Items).Message, StringComparison.Ordinal);
        Assert.Contains("Matrix", Assert.Throws<InvalidOperationException>(() => matrix.Fields).Message, StringComparison.Ordinal);
        Assert.Contains("Matrix", Assert.Throws<InvalidOperationException>(() => matrix["x"]).Message, StringComparison.Ordinal);
        Assert.Contains("Matrix", Assert.Throws<InvalidOperationException>(() => matrix.AsDouble()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Textual_kinds_expose_their_text()
    {
        Assert.Equal("@f", MatlabValue.Parse("@f").AsString());
        Assert.Equal("<unencodeable value>", MatlabValue.Parse("<unencodeable value>").AsString());
        Assert.Equal("a.b.C", MatlabValue.Parse("a.b.C").AsString());
    }

    [Fact]
    public void Items_cannot_be_mutated_through_a_cast()
    {
        var cell = MatlabValue.Parse("{1 2}");

        Assert.False(cell.Items is MatlabValue[]);
        Assert.Throws<NotSupportedException>(() => ((IList<MatlabValue>)cell.Items)[0] = MatlabValue.Parse("3"));
    }

    [Fact]
    public void Empty_values_have_no_items_and_no_numbers()
    {
        var empty = MatlabValue.Parse("{}");

        Assert.Empty(empty.Items);
        Assert.Empty(empty.AsDoubleArray());
        Assert.Throws<InvalidOperationException>(() => empty.AsString());
        Assert.Throws<InvalidOperationException>(() => empty.AsDouble());
    }

    [Fact]
    public void Struct_fields_keep_order_and_indexer_reports_missing_fields()
    {
        var tree = MetadataTree.ParseMatlab("s.b = 1\ns.a = 2\ns.c = 3\n");
        var s = tree.Root["s"];

        Assert.Equal(MatlabValueKind.Struct, s.Kind);
        Assert.Equal(["b", "a", "c"], s.Fields.Keys);
        Assert.Equal(2, s["a"].AsDouble());
        Assert.Throws<KeyNotFoundException>(() => s["zz"]);
        Assert.Equal("<1x1 struct>", s.ToString());
        JsonAssert.Equal("""{"b":1,"a":2,"c":3}""", s.ToJsonNode());
    }

    [Fact]
    public void Equality_is_structural_and_ignores_source_spelling()
    {
        Assert.Equal(MatlabValue.Parse("[1 2]"), MatlabValue.Parse("[1,2]"));
        Assert.Equal(MatlabValue.Parse("[5]"), MatlabValue.Parse("5"));
        Assert.Equal(MatlabValue.Parse("NaN"), MatlabValue.Parse("NaN"));
        Assert.Equal(MatlabValue.Parse("{'a' [1 2]}"), MatlabValue.Parse("{ 'a', [1,2] }"));
        Assert.Equal(MatlabValue.Parse("[1 2]").GetHashCode(), MatlabValue.Parse("[1,2]").GetHashCode());
        Assert.NotEqual(MatlabValue.Parse("[1 2]"), MatlabValue.Parse("[1;2]"));
        Assert.NotEqual(MatlabValue.Parse("1"), MatlabValue.Parse("true"));
        Assert.NotEqual(MatlabValue.Parse("[1 0]"), MatlabValue.Parse("[true false]"));
        Assert.NotEqual(MatlabValue.Parse("zeros(1,0)"), MatlabValue.Parse("[]"));
        Assert.NotEqual(MatlabValue.Parse("'a'"), MatlabValue.Parse("@a"));
    }
}

using System.Text;

namespace Repro.Core.Pipeline;

/// <summary>
/// Splits a <c>run:</c> command into arguments the way a POSIX shell would word-split it, and nothing more:
/// no variables, globs, pipes or redirections. A user who wants a shell writes <c>sh -c '...'</c>.
/// </summary>
public static class CommandSplitter
{
    /// <summary>The arguments, or null and <paramref name="unclosed"/> set when a quote is not closed.</summary>
    public static IReadOnlyList<string>? Split(string command, out (char Quote, int Index)? unclosed)
    {
        ArgumentNullException.ThrowIfNull(command);
        unclosed = null;
        var args = new List<string>();
        var current = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < command.Length; i++)
        {
            var c = command[i];
            switch (c)
            {
                case ' ' or '\t' or '\n' or '\r':
                    if (inWord)
                        args.Add(current.ToString());
                    current.Clear();
                    inWord = false;
                    break;
                case '\'':
                {
                    var end = command.IndexOf('\'', i + 1);
                    if (end < 0)
                    {
                        unclosed = ('\'', i);
                        return null;
                    }
                    current.Append(command, i + 1, end - i - 1);
                    inWord = true;
                    i = end;
                    break;
                }
                case '"':
                {
                    var start = i;
                    i++;
                    while (i < command.Length && command[i] != '"')
                    {
                        // Inside double quotes a backslash escapes only these, as in sh.
                        if (command[i] == '\\' && i + 1 < command.Length && command[i + 1] is '"' or '\\' or '$' or '`')
                            i++;
                        current.Append(command[i]);
                        i++;
                    }
                    if (i >= command.Length)
                    {
                        unclosed = ('"', start);
                        return null;
                    }
                    inWord = true;
                    break;
                }
                case '\\' when i + 1 < command.Length:
                    current.Append(command[++i]);
                    inWord = true;
                    break;
                default:
                    current.Append(c);
                    inWord = true;
                    break;
            }
        }
        if (inWord)
            args.Add(current.ToString());
        return args;
    }
}

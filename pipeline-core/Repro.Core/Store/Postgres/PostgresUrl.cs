using System.Globalization;
using Npgsql;

namespace Repro.Core.Store.Postgres;

/// <summary>
/// Reads a store URL, <c>postgres://user:password@host:port/database?sslmode=require</c> (also <c>postgresql://</c>), as
/// libpq does, into <see cref="PostgresStoreOptions"/>. A host that starts with <c>/</c> (percent-encoded, or given as
/// <c>?host=/run/postgresql</c>) is a unix socket folder. <c>heartbeat_interval</c> and <c>heartbeat_timeout</c> (seconds)
/// tune the detection of dead workers.
/// </summary>
public static class PostgresUrl
{
    private static readonly string[] Schemes = ["postgres://", "postgresql://"];

    /// <summary>True when <paramref name="text"/> is a PostgreSQL URL (rather than, say, a SQLite file path).</summary>
    public static bool IsPostgres(string text) => Schemes.Any(s => text.StartsWith(s, StringComparison.OrdinalIgnoreCase));

    /// <summary>Parses <paramref name="url"/>; <paramref name="at"/> is where it was written, for the error.</summary>
    /// <exception cref="ReproException">The URL is malformed or has an unknown parameter.</exception>
    public static PostgresStoreOptions Parse(string url, SourceLocation? at = null)
    {
        ArgumentNullException.ThrowIfNull(url);
        var scheme = Schemes.FirstOrDefault(s => url.StartsWith(s, StringComparison.OrdinalIgnoreCase));
        if (scheme is null)
            throw Invalid(at, url, "it must start with postgres:// or postgresql://");
        var rest = url[scheme.Length..];
        var query = "";
        if (rest.IndexOf('?', StringComparison.Ordinal) is var q and >= 0)
            (rest, query) = (rest[..q], rest[(q + 1)..]);
        var database = "";
        if (rest.IndexOf('/', StringComparison.Ordinal) is var slash and >= 0)
            (rest, database) = (rest[..slash], Uri.UnescapeDataString(rest[(slash + 1)..]));
        var builder = new NpgsqlConnectionStringBuilder();
        string? password = null;
        if (rest.LastIndexOf('@') is var atSign and >= 0)
        {
            var user = rest[..atSign];
            rest = rest[(atSign + 1)..];
            if (user.IndexOf(':', StringComparison.Ordinal) is var colon and >= 0)
                (user, password) = (user[..colon], Uri.UnescapeDataString(user[(colon + 1)..]));
            builder.Username = Uri.UnescapeDataString(user);
        }
        // host:port, or [v6]:port.
        var host = rest;
        var portText = "";
        var portColon = rest.StartsWith('[') ? rest.IndexOf("]:", StringComparison.Ordinal) + 1 : rest.LastIndexOf(':');
        if (portColon > 0)
            (host, portText) = (rest[..portColon], rest[(portColon + 1)..]);
        host = Uri.UnescapeDataString(host.Trim('[', ']'));
        if (host.Length > 0)
            builder.Host = host;
        if (portText.Length > 0)
            builder.Port = Port(portText, url, at);
        if (database.Length > 0)
            builder.Database = database;
        if (password is not null)
            builder.Password = password;

        var options = new PostgresStoreOptions { ConnectionString = "" };
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]);
            var value = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..]);
            switch (key)
            {
                case "host":
                    builder.Host = value;
                    break;
                case "port":
                    builder.Port = Port(value, url, at);
                    break;
                case "user":
                    builder.Username = value;
                    break;
                case "password":
                    builder.Password = value;
                    break;
                case "dbname":
                    builder.Database = value;
                    break;
                case "sslmode":
                    builder.SslMode = Enum.TryParse<SslMode>(
                        value.Replace("-", "", StringComparison.Ordinal),
                        ignoreCase: true,
                        out var mode
                    )
                        ? mode
                        : throw Invalid(
                            at,
                            url,
                            $"sslmode '{value}' is not one of disable, allow, prefer, require, verify-ca, verify-full"
                        );
                    break;
                case "application_name":
                    builder.ApplicationName = value;
                    break;
                case "connect_timeout":
                    builder.Timeout = (int)Seconds(key, value, url, at).TotalSeconds;
                    break;
                case "heartbeat_interval":
                    options = options with { HeartbeatInterval = Seconds(key, value, url, at) };
                    break;
                case "heartbeat_timeout":
                    options = options with { HeartbeatTimeout = Seconds(key, value, url, at) };
                    break;
                default:
                    throw Invalid(
                        at,
                        url,
                        $"unknown parameter '{key}' (known: host, port, user, password, dbname, sslmode, application_name, connect_timeout, heartbeat_interval, heartbeat_timeout)"
                    );
            }
        }
        if (options.HeartbeatTimeout <= options.HeartbeatInterval)
            throw Invalid(at, url, "heartbeat_timeout must be longer than heartbeat_interval");
        builder.Host ??= "localhost";
        return options with { ConnectionString = builder.ConnectionString, DisplayName = Redact(url) };
    }

    /// <summary>A URL with its password (in the user part or a <c>password=</c> parameter) replaced by <c>***</c>.</summary>
    public static string Redact(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        // Any scheme: a mistyped one (mysql://, postgress://) must not show its password in the error either.
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0)
            return url;
        var scheme = url[..(schemeEnd + 3)];
        var authorityEnd = url.IndexOfAny(['/', '?'], scheme.Length) is var e and >= 0 ? e : url.Length;
        var atSign = url.LastIndexOf('@', authorityEnd - 1, authorityEnd - scheme.Length);
        var colon = atSign < 0 ? -1 : url.IndexOf(':', scheme.Length, atSign - scheme.Length);
        var redacted = colon < 0 ? url : url[..(colon + 1)] + "***" + url[atSign..];
        var password = redacted.IndexOf("password=", StringComparison.Ordinal);
        if (password >= 0)
        {
            var end = redacted.IndexOf('&', password) is var amp and >= 0 ? amp : redacted.Length;
            redacted = redacted[..(password + "password=".Length)] + "***" + redacted[end..];
        }
        return redacted;
    }

    private static int Port(string text, string url, SourceLocation? at) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536
            ? port
            : throw Invalid(at, url, $"port '{text}' is not a number from 1 to 65535");

    private static TimeSpan Seconds(string key, string text, string url, SourceLocation? at) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0 && seconds < 86400
            ? TimeSpan.FromSeconds(seconds)
            : throw Invalid(at, url, $"{key} '{text}' is not a number of seconds above 0");

    private static ReproException Invalid(SourceLocation? at, string url, string why) =>
        new(
            new Diagnostic(
                at,
                $"the store URL '{Redact(url)}' is invalid: {why}",
                "write it as postgres://user:password@host:5432/database (see README, Scaling out)"
            )
        );
}

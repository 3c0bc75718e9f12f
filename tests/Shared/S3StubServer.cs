using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security;
using System.Security.Cryptography;
using System.Text;

namespace Repro.Tests.Shared;

/// <summary>
/// A tiny S3 endpoint on loopback for tests (no S3-compatible server can be installed here): path-style PUT, GET and HEAD
/// of objects and ListObjectsV2 with paging, in memory. It refuses any request that is not signed with AWS Signature
/// Version 4 (an <c>AWS4-HMAC-SHA256</c> Authorization header for the expected access key, an x-amz-date) and any PUT whose
/// body does not match its signed x-amz-content-sha256. It does not recompute the signature itself.
/// </summary>
public sealed class S3StubServer : IDisposable
{
    public const string AccessKey = "AKIDREPROSTUB";
    public const string SecretKey = "stub-secret-key";

    private readonly HttpListener listener = new();
    private readonly Task loop;

    public S3StubServer(string bucket, int pageSize = 1000)
    {
        Bucket = bucket;
        PageSize = pageSize;
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Endpoint = new Uri($"http://127.0.0.1:{port}/");
        listener.Prefixes.Add(Endpoint.ToString());
        listener.Start();
        loop = Task.Run(ServeAsync);
    }

    public string Bucket { get; }

    public int PageSize { get; }

    public Uri Endpoint { get; }

    /// <summary>The stored objects, by key.</summary>
    public ConcurrentDictionary<string, byte[]> Objects { get; } = new(StringComparer.Ordinal);

    /// <summary>How many PUTs carried a signed SHA-256 of their body (not UNSIGNED-PAYLOAD) that matched it.</summary>
    public int SignedPayloadPuts => signedPayloadPuts;

    private int signedPayloadPuts;

    /// <summary>Every request: method, raw path and query, Authorization header.</summary>
    public ConcurrentQueue<(string Method, string Url, string? Authorization)> Requests { get; } = new();

    public void Dispose()
    {
        listener.Stop();
        listener.Close();
        try
        {
            loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException) { }
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var response = context.Response;
        try
        {
            var raw = request.RawUrl ?? "/";
            Requests.Enqueue((request.HttpMethod, raw, request.Headers["Authorization"]));
            var body = new MemoryStream();
            await request.InputStream.CopyToAsync(body);
            if (Refusal(request, body.ToArray()) is { } refusal)
            {
                await ErrorAsync(response, 403, "AccessDenied", refusal);
                return;
            }
            var query = raw.Contains('?', StringComparison.Ordinal) ? raw[(raw.IndexOf('?', StringComparison.Ordinal) + 1)..] : "";
            var path = raw.Split('?')[0];
            var segments = path.TrimStart('/').Split('/', 2);
            if (Uri.UnescapeDataString(segments[0]) != Bucket)
            {
                await ErrorAsync(response, 404, "NoSuchBucket", "no such bucket (requests must be path-style)");
                return;
            }
            var key = segments.Length > 1 ? string.Join('/', segments[1].Split('/').Select(Uri.UnescapeDataString)) : "";
            switch (request.HttpMethod)
            {
                case "PUT":
                    if (request.Headers["X-Amz-Content-SHA256"] != "UNSIGNED-PAYLOAD")
                        Interlocked.Increment(ref signedPayloadPuts);
                    Objects[key] = body.ToArray();
                    response.Headers["ETag"] = "\"" + Convert.ToHexStringLower(MD5.HashData(body.ToArray())) + "\"";
                    response.StatusCode = 200;
                    break;
                case "HEAD" when Objects.TryGetValue(key, out var head):
                    response.StatusCode = 200;
                    response.ContentLength64 = head.Length;
                    break;
                case "HEAD":
                    response.StatusCode = 404;
                    break;
                case "GET" when key.Length == 0:
                    await ListAsync(response, Parse(query));
                    return;
                case "GET" when Objects.TryGetValue(key, out var content):
                    response.StatusCode = 200;
                    response.ContentType = "application/octet-stream";
                    response.ContentLength64 = content.Length;
                    await response.OutputStream.WriteAsync(content);
                    break;
                case "GET":
                    await ErrorAsync(response, 404, "NoSuchKey", "The specified key does not exist.");
                    return;
                default:
                    await ErrorAsync(response, 405, "MethodNotAllowed", request.HttpMethod);
                    return;
            }
        }
        finally
        {
            response.Close();
        }
    }

    private static string? Refusal(HttpListenerRequest request, byte[] body)
    {
        var authorization = request.Headers["Authorization"];
        if (authorization is null || !authorization.StartsWith($"AWS4-HMAC-SHA256 Credential={AccessKey}/", StringComparison.Ordinal))
            return "not signed with AWS Signature Version 4 for the expected access key";
        if (
            !authorization.Contains("SignedHeaders=", StringComparison.Ordinal)
            || !authorization.Contains("Signature=", StringComparison.Ordinal)
        )
            return "incomplete SigV4 Authorization header";
        if (request.Headers["X-Amz-Date"] is null)
            return "no x-amz-date";
        var payloadHash = request.Headers["X-Amz-Content-SHA256"];
        if (payloadHash is null)
            return "no x-amz-content-sha256";
        if (
            request.HttpMethod == "PUT"
            && payloadHash != "UNSIGNED-PAYLOAD"
            && payloadHash != Convert.ToHexStringLower(SHA256.HashData(body))
        )
            return "the body does not match its signed x-amz-content-sha256";
        return null;
    }

    private async Task ListAsync(HttpListenerResponse response, Dictionary<string, string> query)
    {
        var prefix = query.GetValueOrDefault("prefix", "");
        var urlEncoded = query.GetValueOrDefault("encoding-type") == "url";
        var start = query.GetValueOrDefault("continuation-token", "");
        var keys = Objects.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        var page = keys.Where(k => string.CompareOrdinal(k, start) > 0).Take(PageSize).ToList();
        var truncated = page.Count > 0 && keys.Count(k => string.CompareOrdinal(k, page[^1]) > 0) > 0;
        string Name(string key) =>
            SecurityElement.Escape(urlEncoded ? Uri.EscapeDataString(key).Replace("%2F", "/", StringComparison.Ordinal) : key);
        var xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
        xml.Append("<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">");
        xml.Append(CultureInfo.InvariantCulture, $"<Name>{Bucket}</Name><Prefix>{Name(prefix)}</Prefix><KeyCount>{page.Count}</KeyCount>");
        xml.Append(
            CultureInfo.InvariantCulture,
            $"<MaxKeys>{PageSize}</MaxKeys><IsTruncated>{(truncated ? "true" : "false")}</IsTruncated>"
        );
        if (urlEncoded)
            xml.Append("<EncodingType>url</EncodingType>");
        foreach (var key in page)
        {
            xml.Append(
                CultureInfo.InvariantCulture,
                $"<Contents><Key>{Name(key)}</Key><LastModified>2026-11-25T00:00:00.000Z</LastModified>"
            );
            xml.Append(
                CultureInfo.InvariantCulture,
                $"<ETag>\"0\"</ETag><Size>{Objects[key].Length}</Size><StorageClass>STANDARD</StorageClass></Contents>"
            );
        }
        if (truncated)
            xml.Append(CultureInfo.InvariantCulture, $"<NextContinuationToken>{SecurityElement.Escape(page[^1])}</NextContinuationToken>");
        xml.Append("</ListBucketResult>");
        await WriteXmlAsync(response, 200, xml.ToString());
    }

    private static Dictionary<string, string> Parse(string query) =>
        query
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => Uri.UnescapeDataString(p[0]), p => p.Length > 1 ? Uri.UnescapeDataString(p[1].Replace('+', ' ')) : "");

    private static Task ErrorAsync(HttpListenerResponse response, int status, string code, string message) =>
        WriteXmlAsync(
            response,
            status,
            $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>{SecurityElement.Escape(message)}</Message></Error>"
        );

    private static async Task WriteXmlAsync(HttpListenerResponse response, int status, string xml)
    {
        var bytes = Encoding.UTF8.GetBytes(xml);
        response.StatusCode = status;
        response.ContentType = "application/xml";
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes);
    }
}

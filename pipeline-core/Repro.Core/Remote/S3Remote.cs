using System.Net;
using System.Runtime.CompilerServices;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.S3;
using Amazon.S3.Model;
using Repro.Core.Pipeline;

namespace Repro.Core.Remote;

/// <summary>
/// A remote in an S3 bucket or any S3-compatible store (<c>type: s3</c>), through AWSSDK.S3. Credentials come from the usual
/// AWS chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN, AWS_PROFILE, ~/.aws/credentials and ~/.aws/config)
/// or from the named <c>profile:</c>. A PUT is atomic in S3: an object appears whole or not at all, so no temporary key is needed.
/// </summary>
public sealed class S3Remote : IRemote
{
    private readonly IAmazonS3 client;
    private readonly string bucket;
    private readonly string prefix;

    /// <summary>A remote over <paramref name="bucket"/> under <paramref name="prefix"/> (no leading or trailing '/'), through <paramref name="client"/>.</summary>
    public S3Remote(IAmazonS3 client, string bucket, string prefix)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(bucket);
        this.client = client;
        this.bucket = bucket;
        this.prefix = string.IsNullOrEmpty(prefix) ? "" : prefix.Trim('/') + "/";
    }

    public string Location => $"s3://{bucket}/{prefix}";

    /// <summary>Opens the remote <paramref name="spec"/> describes; <paramref name="credentials"/> replace the usual chain when given.</summary>
    public static S3Remote Open(RemoteSpec spec, AWSCredentials? credentials = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var config = new AmazonS3Config
        {
            // SDK v4 adds CRC checksums and aws-chunked bodies by default; many S3-compatible stores refuse those.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        var region =
            spec.Region ?? Environment.GetEnvironmentVariable("AWS_REGION") ?? Environment.GetEnvironmentVariable("AWS_DEFAULT_REGION");
        if (spec.Endpoint is { } endpoint)
        {
            // A custom endpoint (MinIO, Ceph, a gateway) is addressed path-style: http://host:port/bucket/key.
            config.ServiceURL = endpoint.ToString();
            config.ForcePathStyle = true;
            config.AuthenticationRegion = region ?? "us-east-1";
        }
        else if (region is not null)
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(region);
        if (spec.Profile is { } profile)
            config.Profile = new Amazon.Profile(profile);
        credentials ??= spec.Profile is { } name ? ProfileCredentials(name, spec) : null;
        var client = credentials is null ? new AmazonS3Client(config) : new AmazonS3Client(credentials, config);
        return new S3Remote(client, spec.Bucket!, spec.Prefix);
    }

    public async Task<bool> ExistsAsync(string key, CancellationToken ct)
    {
        try
        {
            await client.GetObjectMetadataAsync(bucket, prefix + key, ct);
            return true;
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    public async IAsyncEnumerable<string> ListAsync(string keyPrefix, [EnumeratorCancellation] CancellationToken ct)
    {
        var request = new ListObjectsV2Request { BucketName = bucket, Prefix = prefix + keyPrefix };
        do
        {
            var response = await client.ListObjectsV2Async(request, ct);
            foreach (var item in response.S3Objects ?? [])
                yield return item.Key[prefix.Length..];
            request.ContinuationToken = response.NextContinuationToken;
        } while (!string.IsNullOrEmpty(request.ContinuationToken));
    }

    public Task UploadAsync(string key, Stream content, CancellationToken ct) =>
        client.PutObjectAsync(
            new PutObjectRequest
            {
                BucketName = bucket,
                Key = prefix + key,
                InputStream = content,
                AutoCloseStream = false,
                // A signed payload hash: the body is read (and so checked against its id) before anything is sent.
                UseChunkEncoding = false,
                ContentType = "application/octet-stream",
            },
            ct
        );

    public async Task<bool> DownloadAsync(string key, Stream destination, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(destination);
        GetObjectResponse response;
        try
        {
            response = await client.GetObjectAsync(bucket, prefix + key, ct);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
        using (response)
            await response.ResponseStream.CopyToAsync(destination, 1 << 20, ct);
        return true;
    }

    public void Dispose() => client.Dispose();

    private static AWSCredentials ProfileCredentials(string name, RemoteSpec spec)
    {
        if (new CredentialProfileStoreChain().TryGetAWSCredentials(name, out var credentials))
            return credentials;
        throw new Core.ReproException(
            new Diagnostic(
                spec.At,
                $"AWS profile '{name}' of remote '{spec.Name}' is not in ~/.aws/credentials or ~/.aws/config",
                "check the name, or set AWS_SHARED_CREDENTIALS_FILE"
            )
        );
    }
}

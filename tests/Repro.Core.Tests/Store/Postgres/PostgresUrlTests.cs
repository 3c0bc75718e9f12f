using Npgsql;
using Repro.Core.Store.Postgres;

namespace Repro.Core.Tests.Store.Postgres;

public class PostgresUrlTests
{
    [Fact]
    public void A_url_with_user_password_host_port_and_database_becomes_a_connection_string()
    {
        // Act
        var options = PostgresUrl.Parse("postgres://ann:s%40cret@db.lab:6543/studies?sslmode=require&application_name=repro");
        // Assert
        var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        builder.Host.Should().Be("db.lab");
        builder.Port.Should().Be(6543);
        builder.Username.Should().Be("ann");
        builder.Password.Should().Be("s@cret");
        builder.Database.Should().Be("studies");
        builder.SslMode.Should().Be(SslMode.Require);
        builder.ApplicationName.Should().Be("repro");
        options.DisplayName.Should().Be("postgres://ann:***@db.lab:6543/studies?sslmode=require&application_name=repro");
    }

    [Fact]
    public void A_socket_folder_and_heartbeat_settings_are_read_from_the_query()
    {
        // Act
        var options = PostgresUrl.Parse("postgresql:///repro?host=/run/postgresql&heartbeat_interval=0.5&heartbeat_timeout=3");
        // Assert
        var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        builder.Host.Should().Be("/run/postgresql");
        builder.Database.Should().Be("repro");
        options.HeartbeatInterval.Should().Be(TimeSpan.FromSeconds(0.5));
        options.HeartbeatTimeout.Should().Be(TimeSpan.FromSeconds(3));
    }

    [Fact]
    public void A_url_without_host_means_localhost_with_the_default_heartbeats()
    {
        // Act
        var options = PostgresUrl.Parse("postgres://");
        // Assert
        new NpgsqlConnectionStringBuilder(options.ConnectionString)
            .Host.Should()
            .Be("localhost");
        options.HeartbeatInterval.Should().Be(TimeSpan.FromSeconds(10));
        options.HeartbeatTimeout.Should().Be(TimeSpan.FromSeconds(60));
    }

    [Fact]
    public void An_unknown_parameter_is_an_error_that_does_not_show_the_password()
    {
        // Act
        var act = () => PostgresUrl.Parse("postgres://ann:secret@db/studies?sslmod=require", new SourceLocation("pipeline.yaml", 1, 8));
        // Assert
        act.Should()
            .Throw<ReproException>()
            .Which.Message.Should()
            .StartWith(
                "pipeline.yaml:1:8: error: the store URL 'postgres://ann:***@db/studies?sslmod=require' is invalid: unknown parameter 'sslmod'"
            )
            .And.NotContain("secret");
    }

    [Theory]
    [InlineData("mysql://db/x", "it must start with postgres:// or postgresql://")]
    [InlineData("postgres://db:99999/x", "port '99999' is not a number from 1 to 65535")]
    [InlineData("postgres://db/x?heartbeat_interval=5&heartbeat_timeout=2", "heartbeat_timeout must be longer than heartbeat_interval")]
    public void A_malformed_url_says_what_is_wrong(string url, string why)
    {
        // Act
        var act = () => PostgresUrl.Parse(url);
        // Assert
        act.Should().Throw<ReproException>().Which.Message.Should().Contain(why);
    }
}

/* SPDX-License-Identifier: MIT */
/*
 * aws-call.c: a test tool that makes one STS or IAM call through
 * libawsvault and prints the result, so integration scripts can drive the
 * AWS layer against moto_server and small stub servers.
 *
 *   aws-call [--debug] [--secrets] <sts|iam> <operation> [name=value ...]
 *   aws-call --test-hooks        prints "yes" when built with test hooks
 *
 * Credentials come from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and
 * AWS_SESSION_TOKEN; the region from AWS_REGION or AWS_DEFAULT_REGION; the
 * endpoint from AWS_ENDPOINT_URL[_STS|_IAM] (read by the library) and
 * AWS_STS_REGIONAL_ENDPOINTS.  Results are printed as name=value lines.
 * Secrets are printed only with --secrets (a test chaining calls needs
 * them); otherwise only their length.  On failure: "aws-call: <message>"
 * and "code: <AWS error code>" on stderr, exit 1 (2 for usage).
 */
#include "util/common.h"

#include "aws/creds.h"
#include "aws/endpoint.h"
#include "aws/http.h"
#include "aws/iam.h"
#include "aws/query.h"
#include "aws/sts.h"
#include "util/error.h"
#include "util/log.h"
#include "util/secbuf.h"
#include "util/str.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"

static bool show_secrets;

static void AV_NORETURN
usage(void)
{
	fprintf(stderr, "usage: aws-call [--debug] [--secrets] sts|iam "
	    "<operation> [name=value ...]\n");
	exit(2);
}

/* The value of name=... among the arguments, or def. */
static const char *
arg(int argc, char **argv, const char *name, const char *def)
{
	size_t n = strlen(name);
	int i;

	for (i = 0; i < argc; i++)
		if (strncmp(argv[i], name, n) == 0 && argv[i][n] == '=')
			return argv[i] + n + 1;
	return def;
}

static int64_t
arg_int(int argc, char **argv, const char *name, int64_t def)
{
	const char *v = arg(argc, argv, name, NULL);
	int64_t n;

	if (v == NULL)
		return def;
	if (cstr_to_i64(v, INT32_MIN, INT32_MAX, &n) != 0)
		usage();
	return n;
}

static void
print_secret(const char *name, const struct secbuf *sb)
{
	if (sb == NULL)
		printf("%s=\n", name);
	else if (show_secrets)
		printf("%s=%s\n", name, secbuf_ptr(sb));
	else
		printf("%s=<%zu bytes>\n", name, secbuf_len(sb));
}

/* name=<RFC 3339 time>, or name= for 0 (absent). */
static void
print_time(const char *name, int64_t t)
{
	char buf[40];

	if (t == 0) {
		printf("%s=\n", name);
		return;
	}
	time_format_rfc3339(t, buf, sizeof(buf));
	printf("%s=%s\n", name, buf);
}

static void
print_creds(const struct aws_creds *c)
{
	printf("AccessKeyId=%s\n", c->access_key_id);
	print_secret("SecretAccessKey", c->secret_access_key);
	print_secret("SessionToken", c->session_token);
	print_time("Expiration", c->expires);
}

static int
call_sts(const struct query_client *c, const char *op, int argc, char **argv)
{
	struct aws_creds *out = NULL;
	struct sts_identity id;
	int r = AV_ERR_INVALID;

	if (strcmp(op, "get-session-token") == 0) {
		struct sts_get_session_token_input in = {
			.duration = arg_int(argc, argv, "duration", 3600),
			.serial_number = arg(argc, argv, "serial", NULL),
			.token_code = arg(argc, argv, "code", NULL),
		};
		r = sts_get_session_token(c, &in, &out);
	} else if (strcmp(op, "assume-role") == 0) {
		struct sts_tag tags[8];
		const char *trans[8];
		struct sts_assume_role_input in = {
			.role_arn = arg(argc, argv, "arn", ""),
			.role_session_name = arg(argc, argv, "session", "s"),
			.duration = arg_int(argc, argv, "duration", 3600),
			.external_id = arg(argc, argv, "external-id", NULL),
			.serial_number = arg(argc, argv, "serial", NULL),
			.token_code = arg(argc, argv, "code", NULL),
			.source_identity = arg(argc, argv, "source-identity",
			    NULL),
			.tags = tags,
			.transitive_tag_keys = trans,
		};
		char *copies[8] = { 0 };
		int i;

		/* tag=Key=Value and transitive=Key, repeatable, in order. */
		for (i = 0; i < argc; i++) {
			if (str_has_prefix(argv[i], "tag=") && in.ntags < 8) {
				char *kv = copies[in.ntags] =
				    xstrdup(argv[i] + 4), *eq = strchr(kv, '=');

				if (eq == NULL)
					usage();
				*eq = '\0';
				tags[in.ntags].key = kv;
				tags[in.ntags++].value = eq + 1;
			} else if (str_has_prefix(argv[i], "transitive=") &&
			    in.ntransitive_tag_keys < 8)
				trans[in.ntransitive_tag_keys++] = argv[i] + 11;
		}
		r = sts_assume_role(c, &in, &out);
		for (i = 0; i < 8; i++)
			free(copies[i]);
	} else if (strcmp(op, "assume-role-with-web-identity") == 0) {
		struct secbuf *tok = secbuf_from_str(arg(argc, argv, "token",
		    ""));
		struct sts_web_identity_input in = {
			.role_arn = arg(argc, argv, "arn", ""),
			.role_session_name = arg(argc, argv, "session", "s"),
			.duration = arg_int(argc, argv, "duration", 3600),
			.token = tok,
		};
		r = sts_assume_role_with_web_identity(c, &in, &out);
		secbuf_free(tok);
	} else if (strcmp(op, "get-federation-token") == 0) {
		struct sts_federation_input in = {
			.name = arg(argc, argv, "name", "fed"),
			.duration = arg_int(argc, argv, "duration", 3600),
			.policy = arg(argc, argv, "policy", NULL),
		};
		r = sts_get_federation_token(c, &in, &out);
	} else if (strcmp(op, "get-caller-identity") == 0) {
		if ((r = sts_get_caller_identity(c, &id)) == 0) {
			printf("Arn=%s\nUserId=%s\nAccount=%s\n", id.arn,
			    id.user_id, id.account);
			sts_identity_release(&id);
		}
		return r;
	} else
		usage();
	if (r == 0)
		print_creds(out);
	aws_creds_free(out);
	return r;
}

static int
call_iam(const struct query_client *c, const char *op, int argc, char **argv)
{
	const char *user = arg(argc, argv, "user", NULL);
	struct iam_access_key key, *keys;
	struct iam_key_last_used lu;
	struct iam_user u;
	size_t i, n;
	int r = AV_ERR_INVALID;

	if (strcmp(op, "get-user") == 0) {
		if ((r = iam_get_user(c, user, &u)) == 0) {
			printf("UserName=%s\nUserId=%s\nArn=%s\n",
			    u.user_name ? u.user_name : "",
			    u.user_id ? u.user_id : "", u.arn);
			iam_user_release(&u);
		}
	} else if (strcmp(op, "create-access-key") == 0) {
		if ((r = iam_create_access_key(c, user, &key)) == 0) {
			printf("UserName=%s\nAccessKeyId=%s\n",
			    key.user_name ? key.user_name : "",
			    key.access_key_id);
			print_secret("SecretAccessKey", key.secret_access_key);
			printf("Status=%s\n", key.status ? key.status : "");
			print_time("CreateDate", key.create_date);
			iam_access_key_release(&key);
		}
	} else if (strcmp(op, "delete-access-key") == 0) {
		if ((r = iam_delete_access_key(c, arg(argc, argv, "id", ""),
		    user)) == 0)
			printf("deleted\n");
	} else if (strcmp(op, "list-access-keys") == 0) {
		if ((r = iam_list_access_keys(c, user, &keys, &n)) == 0) {
			printf("count=%zu\n", n);
			for (i = 0; i < n; i++) {
				printf("key=%s %s %s ", keys[i].access_key_id,
				    keys[i].status ? keys[i].status : "-",
				    keys[i].user_name ? keys[i].user_name :
				    "-");
				print_time("created", keys[i].create_date);
			}
			iam_access_keys_free(keys, n);
		}
	} else if (strcmp(op, "get-access-key-last-used") == 0) {
		if ((r = iam_get_access_key_last_used(c, arg(argc, argv, "id",
		    ""), &lu)) == 0) {
			printf("UserName=%s\nServiceName=%s\nRegion=%s\n",
			    lu.user_name ? lu.user_name : "",
			    lu.service_name, lu.region ? lu.region : "");
			print_time("LastUsedDate", lu.last_used);
			iam_key_last_used_release(&lu);
		}
	} else
		usage();
	return r;
}

int
main(int argc, char **argv)
{
	struct endpoint_config cfg = { 0 };
	struct query_client *c;
	struct aws_creds *creds = NULL;
	const char *akid, *secret;
	int r;

	for (argc--, argv++; argc > 0 && str_has_prefix(argv[0], "--");
	    argc--, argv++) {
		if (strcmp(argv[0], "--debug") == 0)
			log_set_debug(true);
		else if (strcmp(argv[0], "--secrets") == 0)
			show_secrets = true;
		else if (strcmp(argv[0], "--test-hooks") == 0) {
#ifdef AV_TEST_HOOKS
			printf("yes\n");
#else
			printf("no\n");
#endif
			return 0;
		} else
			usage();
	}
	if (argc < 2)
		usage();
	akid = getenv("AWS_ACCESS_KEY_ID");
	secret = getenv("AWS_SECRET_ACCESS_KEY");
	if (!str_empty(akid) && !str_empty(secret))
		creds = aws_creds_from(akid, secret,
		    getenv("AWS_SESSION_TOKEN"));
	cfg.region = getenv("AWS_REGION");
	if (str_empty(cfg.region))
		cfg.region = getenv("AWS_DEFAULT_REGION");
	cfg.sts_regional = getenv("AWS_STS_REGIONAL_ENDPOINTS");
	if (strcmp(argv[0], "sts") == 0) {
		c = query_client_new(ENDPOINT_STS, &cfg, creds);
		r = call_sts(c, argv[1], argc - 2, argv + 2);
	} else if (strcmp(argv[0], "iam") == 0) {
		c = query_client_new(ENDPOINT_IAM, &cfg, creds);
		r = call_iam(c, argv[1], argc - 2, argv + 2);
	} else
		usage();
	query_client_free(c);
	aws_creds_free(creds);
	http_shutdown();
	if (r != 0) {
		fprintf(stderr, "aws-call: %s\n", av_error_msg());
		if (*query_error_code() != '\0')
			fprintf(stderr, "code: %s\n", query_error_code());
		return 1;
	}
	return 0;
}

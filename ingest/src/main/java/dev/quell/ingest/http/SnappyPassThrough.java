package dev.quell.ingest.http;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import jakarta.inject.Singleton;

/**
 * Hands a {@code Content-Encoding: snappy} body of an ingest route to its controller as it came.
 * Micronaut would inflate snappy itself, but only in the framing format, and Vector's
 * {@code compression = "snappy"} sends one raw snappy block: Micronaut refused it as corrupt, and
 * the body was lost. The header moves to {@value #ORIGINAL_ENCODING}, which {@link IngestRequests#read}
 * reads, and {@link SnappyBodies} inflates either form.
 */
@Singleton
@Requires(classes = NettyServerCustomizer.class)
class SnappyPassThrough implements BeanCreatedEventListener<NettyServerCustomizer.Registry> {

    /** Where the {@code Content-Encoding: snappy} of an ingest request is kept. */
    static final String ORIGINAL_ENCODING = "X-Quell-Content-Encoding";

    private static final ChannelHandler RENAMING = new Renaming();

    @Override
    public NettyServerCustomizer.Registry onCreated(BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
        event.getBean().register(new Customizer(null));
        return event.getBean();
    }

    private record Customizer(Channel channel) implements NettyServerCustomizer {
        @Override
        public NettyServerCustomizer specializeForChannel(Channel channel, ChannelRole role) {
            return new Customizer(channel);
        }

        @Override
        public void onStreamPipelineBuilt() {
            if (channel != null && channel.pipeline().get("http-server-codec") != null
                    && channel.pipeline().get(Renaming.class) == null) {
                channel.pipeline().addAfter("http-server-codec", "quell-snappy-pass-through", RENAMING);
            }
        }
    }

    @ChannelHandler.Sharable
    private static final class Renaming extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext context, Object message) {
            if (message instanceof HttpRequest request) {
                String coding = request.headers().get(HttpHeaderNames.CONTENT_ENCODING);
                if (coding != null && coding.trim().equalsIgnoreCase("snappy") && isIngestRoute(request.uri())) {
                    request.headers().remove(HttpHeaderNames.CONTENT_ENCODING);
                    request.headers().set(ORIGINAL_ENCODING, "snappy");
                }
            }
            context.fireChannelRead(message);
        }

        private static boolean isIngestRoute(String uri) {
            int query = uri.indexOf('?');
            return !IngestRequests.routeOf(query < 0 ? uri : uri.substring(0, query)).equals("other");
        }
    }
}
